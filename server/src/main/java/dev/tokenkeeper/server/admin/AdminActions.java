package dev.tokenkeeper.server.admin;

import dev.tokenkeeper.core.action.Action;
import dev.tokenkeeper.core.action.ActionQuery;
import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.action.ActionStore;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.server.action.ActionsApi;
import dev.tokenkeeper.server.connection.ConnectionsApi;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.QueryParams;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The console's action pages, read through the {@link ActionStore} the API reads: {@code GET /admin/actions} (by
 * default the actions that need a human, held and failed; {@code state=any} or one state, a connection, pages of
 * {@value ConnectionsApi#DEFAULT_PAGE} in creation order) and {@code GET /admin/actions/{id}}, with the "Replay" and
 * "Cancel" buttons through the very methods of {@code POST /v1/actions/{id}/replay} and {@code .../cancel}; a refusal
 * the API would give is the page with a notice, with the API's status.
 */
public final class AdminActions implements HttpService {
    public static final String PATH = "/admin/actions";
    /** The {@code state} filter showing every action. */
    static final String ANY = "any";
    private static final int PAGE = ConnectionsApi.DEFAULT_PAGE;
    /** The default filter: the actions a human must look at. */
    private static final List<ActionState> NEED_A_HUMAN = List.of(ActionState.HELD, ActionState.FAILED);
    private static final Set<ActionState> REPLAYABLE = EnumSet.of(ActionState.HELD, ActionState.FAILED,
            ActionState.EXPIRED);
    private static final Set<ActionState> CANCELLABLE = EnumSet.of(ActionState.QUEUED, ActionState.HELD);

    private final ActionStore store;
    private final ActionsApi api;
    private final Pages pages;

    /** @param api the API's action routes, whose {@code replay} and {@code cancel} the buttons call */
    public AdminActions(ActionStore store, ActionsApi api, Pages pages) {
        this.store = Objects.requireNonNull(store, "store");
        this.api = Objects.requireNonNull(api, "api");
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, QueryParams.accepting(this::list, "state", "connection_id", "cursor"))
                .get(PATH + "/{id}", QueryParams.none(this::show))
                .post(PATH + "/{id}/replay", QueryParams.none((request, response) ->
                        change(request, response, api::replay, "Replayed: the action is queued again, due now.")))
                .post(PATH + "/{id}/cancel", QueryParams.none((request, response) ->
                        change(request, response, api::cancel, "Cancelled: the action will not be sent.")));
    }

    private void list(ServerRequest request, ServerResponse response) {
        String csrf = AdminConsole.signedIn(request).csrfToken();
        var query = request.query();
        String state = query.first("state").orElse("").strip();
        String connectionId = query.first("connection_id").orElse("").strip();
        String cursor = query.first("cursor").orElse("").strip();
        Optional<String> error = problem(state, connectionId, cursor);
        if (error.isPresent()) {
            Pages.send(response, Status.BAD_REQUEST_400, pages.actions(new ActionPageViews.ListPage(csrf, state,
                    connectionId, error.get(), List.of(), "")));
            return;
        }
        List<ActionState> states = state.isEmpty() ? NEED_A_HUMAN : state.equals(ANY) ? java.util.Collections
                .singletonList(null) : List.of(ActionState.fromWire(state).orElseThrow());
        List<Action> found = new ArrayList<>();
        boolean more = false;
        for (ActionState one : states) {
            List<Action> page = store.list(new ActionQuery(connectionId.isEmpty() ? null : connectionId, one,
                    cursor.isEmpty() ? null : cursor, PAGE));
            found.addAll(page);
            more |= page.size() == PAGE;
        }
        List<Action> shown = found.stream().sorted(Comparator.comparingLong(Action::sequence)).limit(PAGE).toList();
        more |= found.size() > PAGE;
        Pages.send(response, Status.OK_200, pages.actions(new ActionPageViews.ListPage(csrf, state, connectionId, "",
                shown.stream().map(ActionPageViews::row).toList(), more ? shown.getLast().id() : "")));
    }

    private void show(ServerRequest request, ServerResponse response) {
        String csrf = AdminConsole.signedIn(request).csrfToken();
        Optional<Action> action = find(request.path().pathParameters().get("id"));
        if (action.isEmpty()) {
            sendMissing(response, csrf);
            return;
        }
        sendDetail(response, Status.OK_200, csrf, action.get(), "");
    }

    /** A button: the CSRF check, then {@code change} (the API's method); a refusal it throws becomes a notice. */
    private void change(ServerRequest request, ServerResponse response, Function<String, Action> change,
            String done) {
        if (AdminConsole.checkedForm(request, response, pages).isEmpty()) {
            return;
        }
        AdminSessions.Session session = AdminConsole.signedIn(request);
        String id = request.path().pathParameters().get("id");
        if (find(id).isEmpty()) {
            sendMissing(response, session.csrfToken());
            return;
        }
        try {
            Action changed = change.apply(id);
            sendDetail(response, Status.OK_200, session.csrfToken(), changed, done);
        } catch (ApiProblem refused) {
            Optional<Action> now = find(id);
            if (now.isEmpty()) {
                sendMissing(response, session.csrfToken());
                return;
            }
            sendDetail(response, Status.create(refused.status()), session.csrfToken(), now.get(), "Refused ("
                    + refused.status() + " " + refused.code() + "): " + refused.detail() + ". Nothing was changed.");
        }
    }

    private void sendDetail(ServerResponse response, Status status, String csrf, Action action, String notice) {
        Pages.send(response, status, pages.action(ActionPageViews.detail(csrf, action,
                REPLAYABLE.contains(action.state()), CANCELLABLE.contains(action.state()), notice)));
    }

    private void sendMissing(ServerResponse response, String csrf) {
        Pages.send(response, Status.NOT_FOUND_404, pages.actions(new ActionPageViews.ListPage(csrf, ANY, "",
                "No action has this id.", List.of(), "")));
    }

    private Optional<Action> find(String id) {
        return ActionsApi.isValidId(id) ? store.find(id) : Optional.empty();
    }

    /** What is wrong with the filters, in words for the page; empty when they can be used. */
    private static Optional<String> problem(String state, String connectionId, String cursor) {
        if (!state.isEmpty() && !state.equals(ANY) && ActionState.fromWire(state).isEmpty()) {
            return Optional.of("The state filter must be any or one of queued, running, held, succeeded, failed,"
                    + " expired, cancelled.");
        }
        if (!connectionId.isEmpty() && !Connection.isValidId(connectionId)) {
            return Optional.of("The connection filter is not a connection id.");
        }
        if (!cursor.isEmpty() && !ActionsApi.isValidId(cursor)) {
            return Optional.of("The cursor is not an action id (act_…).");
        }
        return Optional.empty();
    }
}
