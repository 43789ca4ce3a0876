package dev.tokenkeeper.server.action;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.action.Action;
import dev.tokenkeeper.core.action.ActionCreation;
import dev.tokenkeeper.core.action.ActionQuery;
import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.action.ActionStore;
import dev.tokenkeeper.core.action.NewAction;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.server.connection.ConnectionService;
import dev.tokenkeeper.server.connection.ConnectionsApi;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.Fields;
import dev.tokenkeeper.server.http.Json;
import dev.tokenkeeper.server.http.QueryParams;
import dev.tokenkeeper.server.provider.ProviderProblems;
import dev.tokenkeeper.server.proxy.ProviderCalls;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /v1/actions}: queue a provider call that must not be lost ({@code POST}, idempotent with an
 * {@code idempotency_key}), read one, list them in creation order, replay a held, failed or expired one, cancel a
 * queued or held one. A request is checked like a proxied one before anything is stored; its headers and body are
 * stored encrypted and never shown back.
 */
public final class ActionsApi implements HttpService {
    public static final String PATH = "/v1/actions";
    private static final Pattern ID = Pattern.compile("act_[A-Za-z0-9_-]{1,64}");
    private static final Set<ActionState> REPLAYABLE = EnumSet.of(ActionState.HELD, ActionState.FAILED,
            ActionState.EXPIRED);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ActionStore actions;
    private final ConnectionStore connections;
    private final ProviderDirectory providers;
    private final InstantSource clock;
    private final int maxBodyBytes;
    private final Runnable wakeRunner;

    /**
     * @param maxBodyBytes the largest action body (the proxy's largest replayable body)
     * @param wakeRunner   tells the runner that an action became due
     */
    public ActionsApi(ActionStore actions, ConnectionStore connections, ProviderDirectory providers,
            InstantSource clock, int maxBodyBytes, Runnable wakeRunner) {
        this.actions = Objects.requireNonNull(actions, "actions");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxBodyBytes = maxBodyBytes;
        this.wakeRunner = Objects.requireNonNull(wakeRunner, "wakeRunner");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", QueryParams.none(this::create))
                .get("/", QueryParams.accepting(this::list, "connection_id", "state", "limit", "cursor"))
                .get("/{id}", QueryParams.none(this::show))
                .post("/{id}/replay", QueryParams.none(noOptions(this::replay)))
                .post("/{id}/cancel", QueryParams.none(noOptions(this::cancel)));
    }

    /** Replay and cancel take no options yet: no body or an empty object; anything else is refused unread. */
    private static Handler noOptions(Handler handler) {
        return (request, response) -> {
            Fields.of(Json.readOptionalObject(request), Set.of());
            handler.handle(request, response);
        };
    }

    private void create(ServerRequest request, ServerResponse response) {
        // base64 makes a body a third larger; the other fields are bounded well below the rest
        int readLimit = maxBodyBytes / 3 * 4 + Json.MAX_BODY_BYTES;
        ActionInput input = ActionInput.read(Json.readLargeObject(request, readLimit), maxBodyBytes);
        Connection connection = connections.find(input.connectionId())
                .orElseThrow(() -> connectionNotFound(input.connectionId()));
        checkTarget(connection, input);
        Instant now = clock.instant();
        ActionCreation creation = actions.create(new NewAction(newId(), input.connectionId(), input.request(),
                input.idempotencyKey(), now, now.plus(input.lifetime())));
        switch (creation) {
            case ActionCreation.Created created -> {
                wakeRunner.run();
                response.header(HeaderNames.LOCATION, PATH + "/" + created.action().id());
                Json.send(response, 202, ActionJson.action(created.action()));
            }
            case ActionCreation.Existing existing when existing.action().connectionId().equals(input.connectionId())
                    -> Json.send(response, 200, ActionJson.action(existing.action()));
            case ActionCreation.Existing existing -> throw keyReused(existing.action());
            case ActionCreation.KeyConflict conflict -> throw keyReused(conflict.existing());
            case ActionCreation.ConnectionMissing missing -> throw connectionNotFound(missing.connectionId());
        }
    }

    /** The path and query must stay below the provider's {@code api_base_url}, by the proxy's rules. */
    private void checkTarget(Connection connection, ActionInput input) {
        ProviderConfig provider = providers.find(connection.providerKey()).filter(p -> p.apiBaseUrl() != null)
                .orElseThrow(() -> ApiProblem.of(409, "proxy_not_configured", "Proxy not configured",
                        "the connection's provider '" + connection.providerKey() + "' has no api_base_url: set it in"
                                + " the provider config to run actions").with("field", "api_base_url"));
        URI base = ProviderProblems.forConnection(provider, connection).apiBaseUrl();
        refuseTarget(() -> ProviderCalls.target(base, input.request().path(), null), "path");
        refuseTarget(() -> ProviderCalls.target(base, input.request().path(), input.request().query()), "query");
    }

    private static void refuseTarget(Runnable check, String field) {
        try {
            check.run();
        } catch (ApiProblem problem) {
            throw problem.with("field", field);
        }
    }

    private void list(ServerRequest request, ServerResponse response) {
        var query = request.query();
        String connectionId = query.first("connection_id").orElse(null);
        if (connectionId != null && !Connection.isValidId(connectionId)) {
            throw ApiProblem.invalidField("connection_id", "must be a connection id: " + ConnectionService.ID_FORM);
        }
        ActionState state = query.first("state").map(name -> ActionState.fromWire(name).orElseThrow(
                () -> ApiProblem.invalidField("state", "must be one of queued, running, held, succeeded, failed,"
                        + " expired, cancelled"))).orElse(null);
        int limit = QueryParams.intWithin(query.first("limit").orElse(null), "limit", 1, ConnectionsApi.MAX_PAGE,
                ConnectionsApi.DEFAULT_PAGE);
        String cursor = query.first("cursor").orElse(null);
        if (cursor != null && !ID.matcher(cursor).matches()) {
            throw ApiProblem.invalidField("cursor", "must be an action id as returned in next_cursor");
        }
        List<Action> page = actions.list(new ActionQuery(connectionId, state, cursor, limit));
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("actions");
        page.forEach(action -> items.add(ActionJson.action(action)));
        body.put("next_cursor", page.size() == limit ? page.getLast().id() : null);
        Json.send(response, 200, body);
    }

    private void show(ServerRequest request, ServerResponse response) {
        Json.send(response, 200, ActionJson.action(find(id(request))));
    }

    private void replay(ServerRequest request, ServerResponse response) {
        Json.send(response, 200, ActionJson.action(replay(id(request))));
    }

    /**
     * Queues a held, failed or expired action again and wakes the runner: the one way to replay (this API's route
     * and the console's button). Throws the API's problem when it may not be replayed (404, 409), nothing changed;
     * while its connection is stale the replay is refused (409 with the connection's state as code): the action
     * would only be held again.
     */
    public Action replay(String id) {
        Action action = find(id);
        if (!REPLAYABLE.contains(action.state())) {
            throw notReplayable(action);
        }
        Connection connection = connections.find(action.connectionId()).orElseThrow(() -> ApiProblem.of(409,
                "connection_not_found", "Connection not found", "the action's connection was deleted: it cannot run")
                .with("connection_id", action.connectionId()));
        if (connection.state() != ConnectionState.ACTIVE) {
            String state = connection.state().wireName();
            throw ApiProblem.of(409, state, "Connection " + state, "the action's connection is " + state + ": the"
                    + " action would only be held again. Reconnect first; held actions are replayed by themselves.")
                    .with("connection_id", connection.id());
        }
        Action replayed = actions.replay(action.id(), clock.instant()).orElseThrow(() -> notFound(action.id()));
        if (replayed.state() != ActionState.QUEUED) {
            throw notReplayable(replayed);
        }
        wakeRunner.run();
        return replayed;
    }

    private void cancel(ServerRequest request, ServerResponse response) {
        Json.send(response, 200, ActionJson.action(cancel(id(request))));
    }

    /**
     * Cancels a queued or held action: the one way to cancel (this API's route and the console's button). Throws the
     * API's problem when it may not be cancelled (404, 409 {@code action_not_cancellable}).
     */
    public Action cancel(String id) {
        Action cancelled = actions.cancel(id, clock.instant()).orElseThrow(() -> notFound(id));
        if (cancelled.state() != ActionState.CANCELLED) {
            throw ApiProblem.of(409, "action_not_cancellable", "Action not cancellable", "the action is "
                    + cancelled.state().wireName() + ": only a queued or held action can be cancelled")
                    .with("state", cancelled.state().wireName());
        }
        return cancelled;
    }

    private Action find(String id) {
        return actions.find(id).orElseThrow(() -> notFound(id));
    }

    /** Whether {@code id} has the form of an action id. */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static String id(ServerRequest request) {
        String id = request.path().pathParameters().get("id");
        if (!isValidId(id)) {
            throw ApiProblem.of(404, "not_found", "Not found", "no action has that id: an action id is act_ followed"
                    + " by letters and digits");
        }
        return id;
    }

    private static String newId() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return "act_" + HexFormat.of().formatHex(random);
    }

    private static ApiProblem notFound(String id) {
        return ApiProblem.notFound("action", id);
    }

    private static ApiProblem notReplayable(Action action) {
        return ApiProblem.of(409, "action_not_replayable", "Action not replayable", "the action is "
                + action.state().wireName() + ": only a held, failed or expired action can be replayed")
                .with("state", action.state().wireName());
    }

    private static ApiProblem keyReused(Action existing) {
        return ApiProblem.of(409, "idempotency_key_reused", "Idempotency key reused", "the idempotency_key was used"
                + " for a different request (another connection, method, path, query, headers or body); the first"
                + " action keeps it").with("field", "idempotency_key").with("action_id", existing.id());
    }

    private static ApiProblem connectionNotFound(String connectionId) {
        return ApiProblem.of(404, "connection_not_found", "Connection not found", "no connection has the id '"
                + connectionId + "'").with("field", "connection_id");
    }
}
