package dev.tokenkeeper.server.admin;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.CurrentCause;
import dev.tokenkeeper.core.port.ConnectionQuery;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.server.connection.ConnectionService;
import dev.tokenkeeper.server.connection.ConnectionsApi;
import dev.tokenkeeper.server.http.QueryParams;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The console's connection pages, read through the {@link ConnectionService} the API uses: {@code GET
 * /admin/connections} (filter by provider and state, find by id, pages of {@value ConnectionsApi#DEFAULT_PAGE} with
 * the API's cursor) and {@code GET /admin/connections/{id}} (state, cause and fix, expiry, next refresh, timeline).
 */
public final class AdminConnections implements HttpService {
    public static final String PATH = "/admin/connections";

    private final ConnectionService connections;
    private final Pages pages;
    private final InstantSource clock;
    private final Duration refreshFailingAfter;

    public AdminConnections(ConnectionService connections, Pages pages, InstantSource clock,
            Duration refreshFailingAfter) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshFailingAfter = Objects.requireNonNull(refreshFailingAfter, "refreshFailingAfter");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, QueryParams.accepting(this::list, "provider", "state", "cursor", "id"))
                .get(PATH + "/{id}", QueryParams.none(this::show));
    }

    private void list(ServerRequest request, ServerResponse response) {
        String csrf = AdminConsole.signedIn(request).csrfToken();
        var query = request.query();
        String provider = query.first("provider").orElse("").strip();
        String state = query.first("state").orElse("").strip();
        String cursor = query.first("cursor").orElse("").strip();
        String search = query.first("id").orElse("").strip();
        Optional<String> error = problem(provider, state, cursor, search);
        if (error.isPresent()) {
            Pages.send(response, Status.BAD_REQUEST_400, pages.connections(
                    new ConnectionViews.ListPage(csrf, provider, state, search, error.get(), List.of(), "")));
            return;
        }
        if (!search.isEmpty()) {
            if (connections.find(search).isPresent()) {
                response.status(Status.SEE_OTHER_303);
                response.header(HeaderNames.LOCATION, PATH + "/" + search); // a valid id needs no escaping
                response.send();
                return;
            }
            Pages.send(response, Status.NOT_FOUND_404, pages.connections(new ConnectionViews.ListPage(csrf, provider,
                    state, search, "No connection has the id " + search + ".", List.of(), "")));
            return;
        }
        int limit = ConnectionsApi.DEFAULT_PAGE;
        List<Connection> page = connections.list(new ConnectionQuery(provider.isEmpty() ? null : provider,
                state.isEmpty() ? null : ConnectionState.fromWireName(state).orElseThrow(),
                cursor.isEmpty() ? null : cursor, limit, Map.of()));
        List<ConnectionViews.Row> rows = page.stream().map(c -> ConnectionViews.row(c, cause(c))).toList();
        String next = page.size() == limit ? page.getLast().id() : "";
        Pages.send(response, Status.OK_200, pages.connections(
                new ConnectionViews.ListPage(csrf, provider, state, search, "", rows, next)));
    }

    private void show(ServerRequest request, ServerResponse response) {
        String csrf = AdminConsole.signedIn(request).csrfToken();
        String id = request.path().pathParameters().get("id");
        Optional<Connection> connection = Connection.isValidId(id) ? connections.find(id) : Optional.empty();
        if (connection.isEmpty()) {
            sendMissing(response, csrf);
            return;
        }
        sendDetail(response, Status.OK_200, csrf, connection.get(), "");
    }

    /** Sends the page of {@code connection} as it is now, with {@code notice} on top when not empty. */
    void sendDetail(ServerResponse response, Status status, String csrf, Connection connection, String notice) {
        Pages.send(response, status, pages.connection(ConnectionViews.detail(csrf, connection, cause(connection),
                connections.events(connection.id(), ConnectionsApi.DEFAULT_EVENTS), notice)));
    }

    /** Sends the first page of the unfiltered list, with {@code notice} on top. */
    void sendFirstPage(ServerResponse response, String csrf, String notice) {
        int limit = ConnectionsApi.DEFAULT_PAGE;
        List<Connection> page = connections.list(new ConnectionQuery(null, null, null, limit, Map.of()));
        List<ConnectionViews.Row> rows = page.stream().map(c -> ConnectionViews.row(c, cause(c))).toList();
        String next = page.size() == limit ? page.getLast().id() : "";
        Pages.send(response, Status.OK_200, pages.connections(
                new ConnectionViews.ListPage(csrf, "", "", "", "", rows, next, notice)));
    }

    /** Sends the list page saying no connection has the id (404). */
    void sendMissing(ServerResponse response, String csrf) {
        Pages.send(response, Status.NOT_FOUND_404, pages.connections(new ConnectionViews.ListPage(csrf, "", "",
                "", "No connection has this id.", List.of(), "")));
    }

    private CurrentCause cause(Connection connection) {
        return CurrentCause.of(connection, clock.instant(), refreshFailingAfter);
    }

    /** What is wrong with the filters, in words for the page; empty when they can be used. */
    private static Optional<String> problem(String provider, String state, String cursor, String search) {
        if (!provider.isEmpty() && !ProviderConfig.isValidKey(provider)) {
            return Optional.of("The provider filter is not a provider key.");
        }
        if (!state.isEmpty() && ConnectionState.fromWireName(state).isEmpty()) {
            return Optional.of("The state filter must be one of active, needs_reauth, misconfigured.");
        }
        if (!cursor.isEmpty() && !Connection.isValidId(cursor)) {
            return Optional.of("The cursor is not a connection id; start again from the first page.");
        }
        if (!search.isEmpty() && !Connection.isValidId(search)) {
            return Optional.of("A connection id is " + ConnectionService.ID_FORM + ".");
        }
        return Optional.empty();
    }
}
