package dev.tokenkeeper.server.connection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.CurrentCause;
import dev.tokenkeeper.core.connection.LastError;
import dev.tokenkeeper.core.port.AccountSubjectStore;
import dev.tokenkeeper.core.port.ConnectionQuery;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.server.diagnosis.Diagnosis;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.Fields;
import dev.tokenkeeper.server.http.Json;
import dev.tokenkeeper.server.http.QueryParams;
import dev.tokenkeeper.server.provider.ProviderProblems;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code /v1/connections}: import, list (filtered by provider, state and metadata), read, patch metadata, delete,
 * fresh token, forced refresh, timeline and diagnosis.
 */
public final class ConnectionsApi implements HttpService {
    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 1000;
    public static final int DEFAULT_EVENTS = 100;
    public static final int MAX_EVENTS = 1000;
    private static final Set<String> IMPORT_FIELDS = Set.of("provider", "connection_id", "credentials", "metadata",
            "connection_config");

    private final ConnectionService connections;
    private final Diagnosis diagnosis;
    private final InstantSource clock;
    private final Duration refreshFailingAfter;
    private final AccountSubjectStore subjects;
    private final ProviderDirectory providers;

    /** @param refreshFailingAfter how long retryable failures last before a connection's cause is refresh_failing */
    public ConnectionsApi(ConnectionService connections, Diagnosis diagnosis, InstantSource clock,
            Duration refreshFailingAfter, AccountSubjectStore subjects, ProviderDirectory providers) {
        this.subjects = Objects.requireNonNull(subjects, "subjects");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.diagnosis = Objects.requireNonNull(diagnosis, "diagnosis");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshFailingAfter = Objects.requireNonNull(refreshFailingAfter, "refreshFailingAfter");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", QueryParams.none(this::create))
                .get("/", QueryParams.accepting(this::list, "provider", "state", "limit", "cursor",
                        MetadataFilter.PARAMETERS))
                .get("/{id}", QueryParams.none(this::show))
                .patch("/{id}", QueryParams.none(this::patch))
                .delete("/{id}", QueryParams.none(this::delete))
                .post("/{id}/token", (request, response) -> {
                    noOptions(request);
                    answer(response, connections.freshToken(id(request)));
                })
                .post("/{id}/refresh", (request, response) -> {
                    noOptions(request);
                    TokenAnswer refreshed = connections.refresh(id(request));
                    refuseFailedRefresh(refreshed, response, clock.instant());
                    answer(response, refreshed);
                })
                .get("/{id}/events", QueryParams.accepting(this::events, "limit"))
                .post("/{id}/diagnose", (request, response) -> {
                    noOptions(request);
                    Json.send(response, 200, diagnosis.diagnose(id(request)));
                });
    }

    private void create(ServerRequest request, ServerResponse response) {
        Fields fields = Fields.of(Json.readObject(request), IMPORT_FIELDS);
        ImportRequest importRequest = new ImportRequest(
                fields.requiredMatching("provider", ProviderConfig::isValidKey, ProviderProblems.KEY_RULE),
                fields.optionalMatching("connection_id", Connection::isValidId, ConnectionService.ID_RULE),
                fields.optionalObject("credentials"), fields.stringMap("metadata"),
                fields.stringMap("connection_config"));
        Connection created;
        if (importRequest.credentials() == null) {
            created = clientCredentialsConnection(connections.connectClientCredentials(importRequest), response);
        } else {
            created = connections.importConnection(importRequest);
            importedSubject(created);
        }
        response.header(HeaderNames.LOCATION, "/v1/connections/" + created.id());
        ObjectNode body = json(created);
        body.set("warnings", GrantWarnings.json(connections.grantWarnings(created.providerKey(), created.tokens()),
                created.providerKey()));
        Json.send(response, 201, body);
    }

    /**
     * The connection a client-credentials creation stored, or its problem: 409 {@code misconfigured} when the provider
     * refused the client, 503 {@code token_unavailable} with {@code Retry-After} on a retryable failure. Nothing is
     * stored in either case.
     */
    private Connection clientCredentialsConnection(TokenAnswer answer, ServerResponse response) {
        return switch (answer) {
            case TokenAnswer.Fresh fresh -> fresh.connection();
            case TokenAnswer.Stale refused -> {
                FailureReason reason = refused.lastError().reason();
                throw ApiProblem.of(409, "misconfigured", "Client refused", "the provider refused the client's"
                        + " credentials (" + reason.code() + ": " + reason.message() + "); fix the provider config's"
                        + " client_id, client_secret or scopes with PUT /v1/providers/{key}. Nothing was stored.")
                        .with("cause", reason.cause().code())
                        .with("last_error", ConnectionJson.lastError(refused.lastError()));
            }
            case TokenAnswer.Unavailable later -> {
                retryAfter(response, clock.instant(), later.retryAt());
                throw ApiProblem.of(503, "token_unavailable", "Token unavailable", "the provider did not give the"
                        + " first token (" + later.reason().code() + ": " + later.reason().message() + "); nothing"
                        + " was stored, try again after Retry-After")
                        .with("retry_at", later.retryAt().toString())
                        .with("reason", Map.of("code", later.reason().code(), "message", later.reason().message()));
            }
            case TokenAnswer.NotFound missing -> throw ApiProblem.notFound("connection", missing.connectionId());
        };
    }

    /**
     * The token, refresh and diagnose endpoints take no options yet: no query parameter, no body or an empty object;
     * anything else is refused unread.
     */
    /** Stores the subject an imported grant's credentials carry (token field or id_token), if any. */
    private void importedSubject(Connection connection) {
        providers.find(connection.providerKey())
                .flatMap(provider -> TokenSubject.of(provider.account(), connection.tokens()))
                .ifPresent(subject -> subjects.store(connection.id(), subject));
    }

    private static void noOptions(ServerRequest request) {
        QueryParams.only(request);
        Fields.of(Json.readOptionalObject(request), Set.of());
    }

    private void list(ServerRequest request, ServerResponse response) {
        var query = request.query();
        String provider = query.first("provider").orElse(null);
        ConnectionState state = query.first("state").map(name -> ConnectionState.fromWireName(name).orElseThrow(
                () -> ApiProblem.invalidField("state", "must be one of active, needs_reauth, misconfigured")))
                .orElse(null);
        int limit = QueryParams.intWithin(query.first("limit").orElse(null), "limit", 1, MAX_PAGE, DEFAULT_PAGE);
        String cursor = query.first("cursor").orElse(null);
        if (provider != null && !ProviderConfig.isValidKey(provider)) {
            throw ApiProblem.invalidField("provider", ProviderProblems.KEY_RULE);
        }
        if (cursor != null && !Connection.isValidId(cursor)) {
            throw ApiProblem.invalidField("cursor", "must be a connection id as returned in next_cursor: "
                    + ConnectionService.ID_FORM);
        }
        List<Connection> page = connections.list(new ConnectionQuery(provider, state, cursor, limit,
                MetadataFilter.of(query)));
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("connections");
        page.forEach(connection -> items.add(json(connection)));
        body.put("next_cursor", page.size() == limit ? page.getLast().id() : null);
        Json.send(response, 200, body);
    }

    /** {@code PATCH}: a JSON merge patch (RFC 7396) of the connection's metadata, the only field it changes. */
    private void patch(ServerRequest request, ServerResponse response) {
        String id = id(request);
        MetadataPatch patch = MetadataPatch.fromBody(Json.readMergePatch(request));
        Json.send(response, 200, json(connections.changeMetadata(id, patch)));
    }

    /** The connection's values of its provider's per-connection settings (a default shows as the value used). */
    private ObjectNode settings(Connection connection) {
        ObjectNode settings = Json.object();
        providers.find(connection.providerKey()).ifPresent(provider -> provider.connectionConfig().values()
                .forEach(field -> field.valueIn(connection.tokens().raw())
                        .ifPresent(value -> settings.put(field.name(), value))));
        return settings;
    }

    /** The connection as JSON, with its current cause. */
    private ObjectNode json(Connection connection) {
        return ConnectionJson.connection(connection, CurrentCause.of(connection, clock.instant(), refreshFailingAfter,
                connections.clientCredentials(connection)));
    }

    private void show(ServerRequest request, ServerResponse response) {
        Connection connection = connections.get(id(request));
        ObjectNode body = json(connection);
        body.put("account_subject", subjects.find(connection.id()).orElse(null));
        body.set("connection_config", settings(connection));
        Json.send(response, 200, body);
    }

    private void delete(ServerRequest request, ServerResponse response) {
        ConnectionService.Deletion deletion = connections.delete(id(request));
        ObjectNode body = json(deletion.connection());
        body.put("deleted", true);
        Revocation.Report revocation = deletion.revocation();
        ObjectNode revoked = body.putObject("revocation").put("state", revocation.state());
        if (revocation.nextAttemptAt() != null) {
            revoked.put("next_attempt_at", revocation.nextAttemptAt().toString());
            revoked.put("give_up_at", revocation.giveUpAt().toString());
            revoked.put("last_error", revocation.lastError());
        }
        Json.send(response, 200, body);
    }

    private void events(ServerRequest request, ServerResponse response) {
        String id = id(request);
        int limit = QueryParams.intWithin(request.query().first("limit").orElse(null), "limit", 1, MAX_EVENTS,
                DEFAULT_EVENTS);
        Json.send(response, 200, ConnectionJson.events(id, connections.events(id, limit)));
    }

    private void answer(ServerResponse response, TokenAnswer answer) {
        Json.send(response, 200, ConnectionJson.token(usable(answer, response, clock.instant())));
    }

    /**
     * The connection of a fresh answer; any other answer is thrown as its problem: 404 for an unknown connection, the
     * 409 of {@link #staleProblem}, or 503 {@code token_unavailable} with {@code Retry-After} set on {@code response}.
     */
    public static Connection usable(TokenAnswer answer, ServerResponse response, Instant now) {
        return switch (answer) {
            case TokenAnswer.Fresh fresh -> fresh.connection();
            case TokenAnswer.NotFound missing -> throw ApiProblem.notFound("connection", missing.connectionId());
            case TokenAnswer.Stale stale -> throw staleProblem(stale);
            case TokenAnswer.Unavailable unavailable -> {
                retryAfter(response, now, unavailable.retryAt());
                throw ApiProblem.of(503, "token_unavailable", "Token unavailable",
                        "no usable token now (" + unavailable.reason().code() + ": " + unavailable.reason().message()
                                + "); a retry is scheduled")
                        .with("retry_at", unavailable.retryAt().toString())
                        .with("reason", Map.of("code", unavailable.reason().code(),
                                "message", unavailable.reason().message()));
            }
        };
    }

    /**
     * A forced refresh that did not refresh is no success, even while the stored token is still valid: its retryable
     * failure (or the reason no token can be had now) is thrown as 503 {@code refresh_failed}, with
     * {@code Retry-After}, {@code retry_at}, the {@code reason} and the connection's {@code last_error}. Answers that
     * are no failure (refreshed, unknown, stale) pass.
     */
    static void refuseFailedRefresh(TokenAnswer answer, ServerResponse response, Instant now) {
        FailureReason reason;
        Instant retryAt;
        LastError lastError = null;
        switch (answer) {
            case TokenAnswer.Fresh fresh when fresh.connection().consecutiveFailures() > 0
                    && fresh.connection().lastError() != null -> {
                lastError = fresh.connection().lastError();
                reason = lastError.reason();
                retryAt = fresh.connection().nextRefreshAt() != null ? fresh.connection().nextRefreshAt() : now;
            }
            case TokenAnswer.Unavailable unavailable -> {
                reason = unavailable.reason();
                retryAt = unavailable.retryAt();
            }
            default -> {
                return;
            }
        }
        retryAfter(response, now, retryAt);
        ApiProblem problem = ApiProblem.of(503, "refresh_failed", "Refresh failed", "the refresh failed ("
                        + reason.code() + ": " + reason.message() + "); nothing was refreshed, a retry is scheduled")
                .with("connection_id", answer.connectionId())
                .with("retry_at", retryAt.toString())
                .with("reason", Map.of("code", reason.code(), "message", reason.message()));
        throw lastError == null ? problem : problem.with("last_error", ConnectionJson.lastError(lastError));
    }

    /** Sets {@code Retry-After} to the whole seconds from {@code now} until past {@code retryAt}, at least 1. */
    private static void retryAfter(ServerResponse response, Instant now, Instant retryAt) {
        long seconds = Math.max(1, Duration.between(now, retryAt).toSeconds() + 1);
        response.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
    }

    /** The 409 for a connection in a terminal state: its code is the state, and the provider was not called. */
    public static ApiProblem staleProblem(TokenAnswer.Stale stale) {
        String state = stale.state().wireName();
        String why = stale.lastError() == null ? "" : " (" + stale.lastError().reason().code() + ": "
                + stale.lastError().reason().message() + ")";
        String fix = stale.state() == ConnectionState.NEEDS_REAUTH
                ? "the user must reconnect"
                : "the provider config must be fixed";
        ApiProblem problem = ApiProblem.of(409, state, "Connection " + state,
                "the connection is " + state + why + "; " + fix + ". The provider was not called.")
                .with("connection_id", stale.connectionId());
        return stale.lastError() == null ? problem
                : problem.with("last_error", ConnectionJson.lastError(stale.lastError()));
    }

    /**
     * The id in the path; one that no connection can have (ids are checked on import) is a 404 at once, whose detail
     * states the rule instead of quoting the id back.
     */
    private static String id(ServerRequest request) {
        String id = request.path().pathParameters().get("id");
        if (!Connection.isValidId(id)) {
            throw impossibleId();
        }
        return id;
    }

    /** 404 for an id no connection can have. */
    public static ApiProblem impossibleId() {
        return ApiProblem.of(404, "not_found", "Not found", "no connection has that id: a connection id is "
                + ConnectionService.ID_FORM);
    }
}
