package dev.tokenkeeper.server.diagnosis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.CurrentCause;
import dev.tokenkeeper.core.connection.LastError;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.provider.ProviderCatalog;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.server.connection.ConnectionService;
import dev.tokenkeeper.server.http.ApiProblem;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /v1/connections/{id}/diagnose}: checks the provider config, the connection's state (its stored cause,
 * the provider's own words and the failing attempt of the timeline), a usable token (which may refresh), and the
 * provider's whoami call (with at most one more refresh and one more call, see {@link WhoamiProbe}); then, for a
 * working connection, the causes that will hurt later: retryable refresh failures, parse notes of the last refresh.
 * The report names the cause from the catalogue, who acts, the fix and the evidence; it never shows a token.
 */
public final class Diagnosis implements AutoCloseable {
    private final ConnectionService connections;
    private final ProviderDirectory providers;
    private final RefreshEngine engine;
    private final InstantSource clock;
    private final StoredCause stored;
    private final WhoamiClient whoamiClient;
    private final WhoamiProbe whoami;

    /**
     * @param urlPolicy           judges the whoami call's host just before it is sent, as the proxy does
     * @param refreshFailingAfter how long retryable failures last before they are named {@code refresh_failing}
     */
    public Diagnosis(ConnectionService connections, ProviderDirectory providers, RefreshEngine engine,
            InstantSource clock, ProviderUrlPolicy urlPolicy, Duration refreshFailingAfter) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stored = new StoredCause(connections, clock, refreshFailingAfter);
        this.whoamiClient = new WhoamiClient(urlPolicy);
        this.whoami = new WhoamiProbe(whoamiClient, engine, stored, clock);
    }

    /** Diagnoses the connection; 404 when it does not exist. */
    public ObjectNode diagnose(String connectionId) {
        Connection connection = connections.get(connectionId);
        Inquiry inquiry = new Inquiry();
        Verdict verdict = examine(connection, inquiry);
        ProviderCatalog.builtIn().hint(connection.providerKey(), verdict.cause()).ifPresent(
                hint -> inquiry.evidence(clock.instant(), Evidence.CATALOG, hint));
        return DiagnosisJson.report(connectionId, connection.providerKey(), verdict, inquiry, clock.instant());
    }

    private Verdict examine(Connection connection, Inquiry inquiry) {
        Optional<ProviderConfig> provider = providers.find(connection.providerKey());
        if (provider.isEmpty()) {
            String missing = "no provider '" + connection.providerKey() + "' is registered";
            inquiry.check(Check.fail(Check.PROVIDER_CONFIG, missing + "; PUT /v1/providers/"
                    + connection.providerKey()));
            inquiry.evidence(clock.instant(), Evidence.PROVIDER_CONFIG, missing);
            return Verdict.failing(Cause.PROVIDER_NOT_CONFIGURED, null);
        }
        inquiry.check(Check.pass(Check.PROVIDER_CONFIG, "provider '" + connection.providerKey()
                + "' is registered"));
        if (connection.state().isStale()) {
            inquiry.check(Check.fail(Check.CONNECTION_STATE, connection.state().wireName() + why(connection)));
            return failing(stored.of(connection, inquiry), staleFallback(connection.state()));
        }
        inquiry.check(Check.pass(Check.CONNECTION_STATE, "active" + (connection.consecutiveFailures() > 0
                ? " (" + connection.consecutiveFailures() + " retryable failures since the last success"
                        + why(connection) + ")" : "")));
        return withToken(connection, provider.get(), inquiry);
    }

    /** The token check (which may refresh), then the whoami step with a usable token. */
    private Verdict withToken(Connection connection, ProviderConfig provider, Inquiry inquiry) {
        return switch (engine.freshToken(connection.id())) {
            case TokenAnswer.Fresh fresh -> {
                inquiry.check(Check.pass(Check.TOKEN, "a usable access token" + (fresh.tokens().expiresAt() == null
                        ? " (expiry unknown)" : " until " + fresh.tokens().expiresAt())));
                yield working(whoami.run(provider.forConnectionIfPossible(fresh.tokens().raw()), fresh.connection(),
                        inquiry), connection.id(), inquiry);
            }
            case TokenAnswer.Stale stale -> {
                inquiry.check(Check.fail(Check.TOKEN, "the refresh made the connection " + stale.state().wireName()));
                yield failing(stored.ofStored(connection.id(), inquiry), staleFallback(stale.state()));
            }
            case TokenAnswer.Unavailable unavailable -> {
                inquiry.check(Check.fail(Check.TOKEN, "no usable token: " + unavailable.reason().code() + " — "
                        + unavailable.reason().message() + "; retry at " + unavailable.retryAt()));
                yield failing(stored.ofStored(connection.id(), inquiry), unavailable.reason().cause());
            }
            case TokenAnswer.NotFound missing -> throw ApiProblem.notFound("connection", missing.connectionId());
        };
    }

    /**
     * A connection that works now may still carry a cause: its stored one (retryable refresh failures, no refresh
     * token), else one a parse note of its last refresh names, else what the whoami step found.
     */
    private Verdict working(Verdict probed, String connectionId, Inquiry inquiry) {
        if (!probed.healthy()) {
            return probed;
        }
        CurrentCause current = stored.ofStored(connectionId, inquiry);
        if (current.cause() != Cause.NONE) {
            return Verdict.working(current.cause(), current.since());
        }
        Optional<Timeline.NotedCause> noted = Timeline.of(connections, connectionId).notedCause();
        if (noted.isPresent()) {
            Timeline.NotedCause found = noted.get();
            inquiry.evidence(found.attempt().at(), Evidence.TIMELINE, "the last refresh carried the parse note "
                    + found.note() + ": " + found.meaning());
            inquiry.evidence(found.attempt().at(), Evidence.TIMELINE, Timeline.describe(found.attempt()));
            return Verdict.working(found.cause(), found.attempt().at());
        }
        return probed;
    }

    /** A failing verdict with the stored cause, or {@code fallback} when nothing is stored. */
    private static Verdict failing(CurrentCause current, Cause fallback) {
        return current.cause() == Cause.NONE ? Verdict.failing(fallback, null)
                : Verdict.failing(current.cause(), current.since());
    }

    /** The cause of a stale connection that stored no error. */
    private static Cause staleFallback(ConnectionState state) {
        return state == ConnectionState.MISCONFIGURED ? Cause.TOKEN_ANSWER_UNRECOGNIZED : Cause.GRANT_INVALID;
    }

    private static String why(Connection connection) {
        LastError error = connection.lastError();
        return error == null ? "" : ": " + error.reason().code() + " — " + error.reason().message();
    }

    @Override
    public void close() {
        whoamiClient.close();
    }
}
