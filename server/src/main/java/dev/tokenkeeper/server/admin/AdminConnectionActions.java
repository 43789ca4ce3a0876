package dev.tokenkeeper.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.LastError;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.server.connect.IssuedReconnectLink;
import dev.tokenkeeper.server.connection.ConnectionService;
import dev.tokenkeeper.server.diagnosis.Diagnosis;
import dev.tokenkeeper.server.http.QueryParams;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The buttons of a connection's page, each a form with the session's CSRF token and each through the service the API
 * uses: {@code POST .../refresh} (as {@code POST /v1/connections/{id}/refresh}), {@code POST .../diagnose} (as
 * {@code POST /v1/connections/{id}/diagnose}), {@code POST .../reconnect-link} (as {@code POST
 * /v1/connections/{id}/reconnect-link} with the defaults; the URL is shown once, in the page only), and {@code GET/POST .../delete} (a confirmation, then as
 * {@code DELETE /v1/connections/{id}}).
 */
public final class AdminConnectionActions implements HttpService {
    private static final String PATH = AdminConnections.PATH + "/{id}";

    private final ConnectionService connections;
    private final Diagnosis diagnosis;
    private final AdminConnections views;
    private final Pages pages;
    private final Function<String, Optional<IssuedReconnectLink>> reconnectLinks;

    /**
     * @param reconnectLinks makes a reconnect link with the defaults, as {@code POST
     *                       /v1/connections/{id}/reconnect-link} with no body does; empty for an unknown connection
     */
    public AdminConnectionActions(ConnectionService connections, Diagnosis diagnosis, AdminConnections views,
            Pages pages, Function<String, Optional<IssuedReconnectLink>> reconnectLinks) {
        this.reconnectLinks = Objects.requireNonNull(reconnectLinks, "reconnectLinks");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.diagnosis = Objects.requireNonNull(diagnosis, "diagnosis");
        this.views = Objects.requireNonNull(views, "views");
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(PATH + "/refresh", QueryParams.none(this::refresh))
                .post(PATH + "/diagnose", QueryParams.none(this::diagnose))
                .post(PATH + "/reconnect-link", QueryParams.none(this::reconnectLink))
                .get(PATH + "/delete", QueryParams.none(this::confirmDelete))
                .post(PATH + "/delete", QueryParams.none(this::delete));
    }

    private void refresh(ServerRequest request, ServerResponse response) {
        Optional<Target> target = target(request, response);
        if (target.isEmpty()) {
            return;
        }
        String id = target.get().connection().id();
        String notice = notice(connections.refresh(id));
        Optional<Connection> now = connections.find(id);
        if (now.isEmpty()) {
            views.sendMissing(response, target.get().csrf());
            return;
        }
        views.sendDetail(response, Status.OK_200, target.get().csrf(), now.get(), notice);
    }

    private void diagnose(ServerRequest request, ServerResponse response) {
        Optional<Target> target = target(request, response);
        if (target.isEmpty()) {
            return;
        }
        JsonNode report = diagnosis.diagnose(target.get().connection().id());
        List<ConnectionViews.Entry> evidence = new ArrayList<>();
        report.path("evidence").forEach(fact -> evidence.add(new ConnectionViews.Entry(
                fact.path("at").asText() + " · " + fact.path("source").asText(), fact.path("detail").asText())));
        List<ConnectionViews.Entry> checks = new ArrayList<>();
        report.path("checks").forEach(check -> checks.add(new ConnectionViews.Entry(
                check.path("name").asText() + ": " + check.path("status").asText(), check.path("detail").asText())));
        Pages.send(response, Status.OK_200, pages.diagnosis(new ActionViews.DiagnosisPage(target.get().csrf(),
                report.path("connection_id").asText(), report.path("zone").asText(),
                report.path("healthy").asBoolean(), report.path("summary").asText(), report.path("cause").asText(),
                report.path("actor").asText(), report.path("fix").asText(), report.path("since").asText(""),
                report.path("checked_at").asText(), checks, evidence)));
    }

    private void reconnectLink(ServerRequest request, ServerResponse response) {
        Optional<Target> target = target(request, response);
        if (target.isEmpty()) {
            return;
        }
        String id = target.get().connection().id();
        Optional<IssuedReconnectLink> link = reconnectLinks.apply(id);
        if (link.isEmpty()) {
            views.sendMissing(response, target.get().csrf());
            return;
        }
        Pages.send(response, Status.OK_200, pages.reconnectLink(new ActionViews.ReconnectLinkPage(target.get().csrf(),
                id, link.get().id(), link.get().url().reveal(), link.get().expiresAt().toString())));
    }

    private void confirmDelete(ServerRequest request, ServerResponse response) {
        String csrf = AdminConsole.signedIn(request).csrfToken();
        Optional<Connection> connection = find(request);
        if (connection.isEmpty()) {
            views.sendMissing(response, csrf);
            return;
        }
        Pages.send(response, Status.OK_200, pages.confirmDelete(new ActionViews.DeletePage(csrf,
                connection.get().id(), connection.get().providerKey(), connection.get().state().wireName())));
    }

    private void delete(ServerRequest request, ServerResponse response) {
        Optional<Target> target = target(request, response);
        if (target.isEmpty()) {
            return;
        }
        String id = target.get().connection().id();
        ConnectionService.Deletion deletion = connections.delete(id);
        views.sendFirstPage(response, target.get().csrf(), "Deleted the connection " + id
                + "; revoking its grant at the provider: " + deletion.revocation().state() + ".");
    }

    /**
     * The connection a form acts on, once the form carries the session's CSRF token; otherwise the refusal (403) or
     * the missing connection (404) is sent and the answer is empty.
     */
    private Optional<Target> target(ServerRequest request, ServerResponse response) {
        if (AdminConsole.checkedForm(request, response, pages).isEmpty()) {
            return Optional.empty();
        }
        AdminSessions.Session session = AdminConsole.signedIn(request);
        Optional<Connection> connection = find(request);
        if (connection.isEmpty()) {
            views.sendMissing(response, session.csrfToken());
            return Optional.empty();
        }
        return Optional.of(new Target(session.csrfToken(), connection.get()));
    }

    private Optional<Connection> find(ServerRequest request) {
        String id = request.path().pathParameters().get("id");
        return Connection.isValidId(id) ? connections.find(id) : Optional.empty();
    }

    /** What a forced refresh did, in words, as {@code POST /v1/connections/{id}/refresh} tells it apart. */
    static String notice(TokenAnswer answer) {
        return switch (answer) {
            case TokenAnswer.Fresh fresh when fresh.connection().consecutiveFailures() > 0
                    && fresh.connection().lastError() != null -> "Refresh failed (refresh_failed, "
                    + reason(fresh.connection().lastError().reason()) + "); nothing was refreshed, a retry is"
                    + " scheduled.";
            case TokenAnswer.Fresh fresh -> fresh.connection().tokens().expiresAt() == null ? "Refreshed."
                    : "Refreshed; the access token now expires at " + fresh.connection().tokens().expiresAt() + ".";
            case TokenAnswer.Unavailable unavailable -> "Refresh failed (refresh_failed, "
                    + reason(unavailable.reason()) + "); nothing was refreshed, a retry is scheduled at "
                    + unavailable.retryAt() + ".";
            case TokenAnswer.Stale stale -> "Not refreshed: the connection is " + stale.state().wireName()
                    + lastError(stale.lastError()) + "; the provider was not called.";
            case TokenAnswer.NotFound missing -> "No connection has this id.";
        };
    }

    private static String lastError(LastError error) {
        return error == null ? "" : " (" + reason(error.reason()) + ")";
    }

    private static String reason(FailureReason reason) {
        return reason.code() + ": " + reason.message();
    }

    private record Target(String csrf, Connection connection) {}
}
