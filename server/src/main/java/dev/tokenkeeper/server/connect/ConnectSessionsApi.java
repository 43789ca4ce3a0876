package dev.tokenkeeper.server.connect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.port.ConnectSession;
import dev.tokenkeeper.core.port.ConnectSessionStatus;
import dev.tokenkeeper.core.port.ConnectSessions;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.server.connection.ConnectionService;
import dev.tokenkeeper.server.connection.GrantWarnings;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.Fields;
import dev.tokenkeeper.server.http.Json;
import dev.tokenkeeper.server.http.QueryParams;
import dev.tokenkeeper.server.provider.ProviderProblems;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Set;

/**
 * {@code POST /v1/connect-sessions} starts the authorization-code flow and answers the URL to send the user to;
 * {@code GET /v1/connect-sessions/{id}} says where a session stands (pending, completed, failed with its error, or
 * expired).
 */
final class ConnectSessionsApi implements HttpService {
    private static final Set<String> FIELDS = Set.of("provider", "connection_id", "redirect_after", "metadata",
            "authorization_params", "connection_config");
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final SessionStarter starter;
    private final ConnectSessions sessions;
    private final RedirectOrigins redirectOrigins;
    private final InstantSource clock;
    private final AtomicReference<Instant> nextPurge = new AtomicReference<>(Instant.MIN);

    ConnectSessionsApi(SessionStarter starter, ConnectSessions sessions, RedirectOrigins redirectOrigins,
            InstantSource clock) {
        this.starter = Objects.requireNonNull(starter, "starter");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.redirectOrigins = Objects.requireNonNull(redirectOrigins, "redirectOrigins");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create)
                .get("/{id}", QueryParams.none(this::show));
    }

    private void show(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        Instant now = clock.instant();
        purgeNowAndThen(now);
        ConnectSessionStatus status = sessions.status(id, now)
                .orElseThrow(() -> ApiProblem.notFound("connect session", id));
        ObjectNode body = Json.object();
        body.put("id", status.id());
        body.put("provider", status.providerKey());
        if (status.connectionId() != null) {
            body.put("connection_id", status.connectionId());
        }
        body.put("state", status.state().apiName());
        if (status.error() != null) {
            ObjectNode error = body.putObject("error");
            error.put("code", status.error().code());
            error.put("description", status.error().description());
            Cause cause = status.error().cause();
            if (cause != null) {
                error.put("cause", cause.code());
                error.put("actor", cause.actor().wireName());
                error.put("fix", cause.fix(status.providerKey()));
            }
        }
        body.set("warnings", GrantWarnings.json(status.warnings(), status.providerKey()));
        Json.send(response, 200, body);
    }

    /** Purges old sessions at most once a minute on reads, so a client polling a session does not delete each time. */
    private void purgeNowAndThen(Instant now) {
        Instant due = nextPurge.get();
        if (!now.isBefore(due) && nextPurge.compareAndSet(due, now.plus(PURGE_EVERY))) {
            sessions.purge(now.minus(SessionStarter.KEPT_AFTER_EXPIRY));
        }
    }

    private void create(ServerRequest request, ServerResponse response) {
        QueryParams.only(request);
        Fields fields = Fields.of(Json.readObject(request), FIELDS);
        // The ids' own rules first: an id of 10 KB is told the rule, not the length limit of any text field.
        fields.requiredMatching("provider", ProviderConfig::isValidKey, ProviderProblems.KEY_RULE);
        fields.optionalMatching("connection_id", Connection::isValidId, ConnectionService.ID_RULE);
        StartedSession started = starter.start(read(fields));
        ConnectSession session = started.session();
        ObjectNode body = Json.object();
        body.put("id", session.id());
        body.put("provider", session.providerKey());
        if (session.isReconnect()) {
            body.put("connection_id", session.connectionId());
        }
        body.put("authorize_url", started.authorizeUrl().toString());
        body.put("expires_at", session.expiresAt().toString());
        Json.send(response, 201, body);
    }

    private ConnectRequest read(Fields fields) {
        String provider = fields.requiredText("provider");
        String connectionId = fields.optionalText("connection_id");
        if (connectionId != null && !Connection.isValidId(connectionId)) {
            throw ApiProblem.invalidField("connection_id", ConnectionService.ID_RULE);
        }
        URI redirectAfter = redirectAfter(fields.optionalText("redirect_after"), redirectOrigins);
        Map<String, String> metadata = fields.stringMap("metadata");
        Map<String, String> authorizationParams = fields.stringMap("authorization_params");
        for (String name : authorizationParams.keySet()) {
            if (ProviderConfig.AUTHORIZATION_OWN.contains(name)) {
                throw ApiProblem.invalidField("authorization_params." + name, "is set by Tokenkeeper itself");
            }
        }
        return new ConnectRequest(provider, connectionId, redirectAfter, metadata, authorizationParams,
                fields.stringMap("connection_config"));
    }

    /** {@code redirect_after} checked: an absolute http(s) URL without user info, to an allowed origin; or null. */
    static URI redirectAfter(String text, RedirectOrigins redirectOrigins) {
        if (text == null) {
            return null;
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw ApiProblem.invalidField("redirect_after", "is not a valid URL (" + e.getReason() + ")");
        }
        if (!ConnectSession.isHttpUrl(url) || url.getRawUserInfo() != null) {
            throw ApiProblem.invalidField("redirect_after", "must be an absolute http or https URL without user"
                    + " info, such as https://app.example.com/connected");
        }
        redirectOrigins.refusal(url).ifPresent(why -> {
            throw ApiProblem.invalidField("redirect_after", why).with("setting", RedirectOrigins.SETTING);
        });
        return url;
    }
}
