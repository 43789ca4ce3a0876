package dev.tokenkeeper.server.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionExistsException;
import dev.tokenkeeper.core.port.ConnectionQuery;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.PendingRevocations;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.provider.ConnectionConfigException;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.core.token.TokenParse;
import dev.tokenkeeper.core.token.TokenResponseParser;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.Json;
import dev.tokenkeeper.server.provider.ProviderProblems;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the API and the CLI do with connections: import, read, list, delete (revoking at the provider), and hand out
 * fresh tokens through the engine. Bad input is an {@link ApiProblem}; nothing is written then.
 */
public final class ConnectionService {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionService.class);
    /** What a connection id looks like. */
    public static final String ID_FORM = Connection.ID_FORM;
    /** What a connection id must look like, as a problem's detail says it after the field's name. */
    public static final String ID_RULE = "must be " + ID_FORM;

    private final ConnectionStore store;
    private final ProviderDirectory providers;
    private final RefreshEngine engine;
    private final Revocation revocation;
    private final PendingRevocations pendingRevocations;
    private final InstantSource clock;
    private final RandomGenerator random;

    public ConnectionService(ConnectionStore store, ProviderDirectory providers, RefreshEngine engine,
            Revocation revocation, PendingRevocations pendingRevocations, InstantSource clock,
            RandomGenerator random) {
        this.store = Objects.requireNonNull(store, "store");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.revocation = Objects.requireNonNull(revocation, "revocation");
        this.pendingRevocations = Objects.requireNonNull(pendingRevocations, "pendingRevocations");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Stores an imported grant as a new active connection. A grant whose access token has already expired but that has
     * a refresh token (a grant migrated from another system) is refreshed at once, through the engine's single flight,
     * before this answers: the connection returned holds the refreshed token, or, when that refresh failed, says why
     * in its state and last error (it is stored either way).
     */
    public Connection importConnection(ImportRequest request) {
        ProviderConfig provider = providers.find(request.providerKey()).orElseThrow(
                () -> ProviderProblems.notUsable("provider", request.providerKey()));
        String id = request.connectionId() != null ? request.connectionId() : newId();
        if (!Connection.isValidId(id)) {
            throw ApiProblem.invalidField("connection_id", ID_RULE);
        }
        if (request.credentials() == null) {
            throw ApiProblem.invalidField("credentials", "is required: only a connection of a provider whose"
                    + " grant_type is client_credentials is created without (Tokenkeeper asks for its token)");
        }
        Instant now = clock.instant();
        TokenSet tokens = withConnectionConfig(readCredentials(request, provider, now), provider,
                request.connectionConfig());
        if (!store.create(engine.creation(id, provider, tokens, request.metadata(), now))) {
            if (store.find(id).isEmpty()) {
                // The provider was deleted while this import ran, and the database refused the connection.
                throw ProviderProblems.notUsable("provider", provider.key());
            }
            throw exists(id);
        }
        LOG.info("connection={} provider={} event=created source=import", id, provider.key());
        warnings(id, provider.key(), tokens);
        if (tokens.expiresAt() != null && !tokens.expiresAt().isAfter(now)) {
            refreshImported(id, provider.key());
        }
        return store.find(id).orElseThrow(() -> ApiProblem.notFound("connection", id));
    }

    /**
     * Creates a connection of a client-credentials provider (no {@code credentials} in the request): its first token is
     * asked for with the client's credentials. The answer is {@code Fresh} with the stored connection, or says why
     * nothing was stored ({@code Stale}: the provider refused the client; {@code Unavailable}: try again later).
     */
    public TokenAnswer connectClientCredentials(ImportRequest request) {
        ProviderConfig provider = providers.find(request.providerKey()).orElseThrow(
                () -> ProviderProblems.notUsable("provider", request.providerKey()));
        if (!provider.clientCredentials()) {
            throw ApiProblem.invalidField("credentials", "is required: provider '" + provider.key() + "' has"
                    + " grant_type " + provider.grantType().wireName() + ", so its connections are grants a user"
                    + " made (import them, or use a connect session); only a client_credentials provider's"
                    + " connection is created without credentials");
        }
        String id = request.connectionId() != null ? request.connectionId() : newId();
        if (!Connection.isValidId(id)) {
            throw ApiProblem.invalidField("connection_id", ID_RULE);
        }
        TokenAnswer answer;
        try {
            answer = engine.connectClientCredentials(id, provider, request.metadata());
        } catch (ConnectionExistsException e) {
            if (store.find(id).isEmpty()) {
                // The provider was deleted while the first token was asked for, and the database refused the row.
                throw ProviderProblems.notUsable("provider", provider.key());
            }
            throw exists(id);
        }
        LOG.info("connection={} provider={} event={} source=client_credentials", id, provider.key(),
                answer instanceof TokenAnswer.Fresh ? "created" : "not_created answer="
                        + answer.getClass().getSimpleName());
        return answer;
    }

    private static ApiProblem exists(String id) {
        return ApiProblem.of(409, "connection_exists", "Connection exists",
                "a connection with the id '" + id + "' exists already; delete it first or use another id");
    }

    /** Whether the connection's provider gets its tokens with the client's credentials (no user, no refresh token). */
    public boolean clientCredentials(Connection connection) {
        return providers.clientCredentials(connection.providerKey());
    }

    /** Refreshes a connection imported with an expired access token; whatever happens, the connection stays. */
    private void refreshImported(String id, String providerKey) {
        try {
            TokenAnswer answer = engine.freshToken(id);
            LOG.info("connection={} provider={} event=import_refreshed answer={}", id, providerKey,
                    answer.getClass().getSimpleName());
        } catch (RuntimeException e) {
            LOG.warn("connection={} provider={} event=import_refresh_failed the imported connection is stored; its"
                    + " refresh is retried later", id, providerKey, e);
        }
    }

    /**
     * What is wrong with a grant just imported or connected that works now ({@link GrantWarnings}); each warning is
     * logged with its fix.
     */
    public List<Cause> warnings(String connectionId, String providerKey, TokenSet tokens) {
        List<Cause> warnings = grantWarnings(providerKey, tokens);
        if (warnings.contains(Cause.NO_REFRESH_TOKEN)) {
            LOG.warn("connection_without_refresh_token connection={} provider={} expires_at={} fix=\"{}\"",
                    connectionId, providerKey, tokens.expiresAt(), Cause.NO_REFRESH_TOKEN.fix(providerKey));
        }
        return warnings;
    }

    /**
     * What is wrong with a grant that works now ({@link GrantWarnings}), without logging it: nothing for a
     * client-credentials provider's connection, which needs no refresh token.
     */
    public List<Cause> grantWarnings(String providerKey, TokenSet tokens) {
        return providers.clientCredentials(providerKey) ? List.of() : GrantWarnings.of(tokens);
    }

    /** When new tokens are first refreshed proactively ({@link RefreshEngine#firstRefreshAt}). */
    public Instant refreshAt(TokenSet tokens) {
        return engine.firstRefreshAt(tokens);
    }

    public Optional<Connection> find(String connectionId) {
        return store.find(connectionId);
    }

    /** The connection, or a 404 problem. */
    public Connection get(String connectionId) {
        return store.find(connectionId).orElseThrow(() -> ApiProblem.notFound("connection", connectionId));
    }

    public List<Connection> list(ConnectionQuery query) {
        return store.list(query);
    }

    /** Applies a merge patch to the connection's metadata (its generation stays: a refresh in flight still commits). */
    Connection changeMetadata(String connectionId, MetadataPatch patch) {
        Connection changed = store.changeMetadata(connectionId, patch::apply, clock.instant())
                .orElseThrow(() -> ApiProblem.notFound("connection", connectionId));
        LOG.info("connection={} provider={} event=metadata_changed keys={}", connectionId, changed.providerKey(),
                changed.metadata().size());
        return changed;
    }

    /** The connection's timeline, oldest first; 404 when it does not exist. */
    public List<ConnectionEvent> events(String connectionId, int limit) {
        get(connectionId);
        return store.events(connectionId, limit);
    }

    /**
     * Deletes the connection, first revoking its grant at the provider when the provider has a revocation URL; a
     * failed revocation does not stop the delete (the user asked for the connection to be gone) but is kept as
     * durable work, retried with backoff until it succeeds or is given up.
     */
    public Deletion delete(String connectionId) {
        Connection connection = get(connectionId);
        Optional<ProviderConfig> provider = revocable(connection.providerKey());
        Optional<Revocation.Attempt> attempt = provider.map(config -> revocation.attempt(config,
                Revocation.tokenOf(config, connection.tokens()), Revocation.hintOf(config, connection.tokens())));
        Optional<Connection> deleted = store.delete(connectionId);
        if (deleted.isEmpty()) {
            throw ApiProblem.notFound("connection", connectionId);
        }
        // Kept as durable work only once the connection is really gone: a delete that failed revokes nothing later.
        Revocation.Report report = report(provider, connectionId, connection.tokens(), attempt);
        LOG.info("connection={} provider={} event=deleted revocation={}", connectionId, connection.providerKey(),
                report.state());
        return new Deletion(deleted.get(), report);
    }

    /**
     * Revokes tokens a provider issued that could not be stored (the connection changed hands meanwhile, or its
     * provider was deleted), so that no grant is left alive that nobody holds; a failure is retried as durable work,
     * like a deleted connection's.
     *
     * @param connectionId the connection the grant was meant for
     */
    public Revocation.Report revokeUnstored(String providerKey, String connectionId, TokenSet tokens) {
        Optional<ProviderConfig> provider = revocable(providerKey);
        Optional<Revocation.Attempt> attempt = provider.map(config -> revocation.attempt(config,
                Revocation.tokenOf(config, tokens), Revocation.hintOf(config, tokens)));
        Revocation.Report report = report(provider, connectionId, tokens, attempt);
        LOG.info("connection={} provider={} event=unstored_grant_revoked revocation={}", connectionId, providerKey,
                report.state());
        return report;
    }

    private Optional<ProviderConfig> revocable(String providerKey) {
        // A revocation URL with per-connection settings cannot be filled once the connection is gone.
        return providers.find(providerKey).filter(config -> config.revocationUrl() != null
                && !config.perConnection(config.revocationUrl()));
    }

    private Revocation.Report report(Optional<ProviderConfig> provider, String connectionId, TokenSet tokens,
            Optional<Revocation.Attempt> attempt) {
        if (attempt.isEmpty()) {
            return Revocation.Report.notSupported();
        }
        // an attempt is made only with a provider config
        return attempt.get().revoked()
                ? Revocation.Report.revoked()
                : keepRevoking(provider.orElseThrow(), connectionId, tokens, attempt.get());
    }

    /** Stores the failed revocation as durable work, first due after one backoff step. */
    private Revocation.Report keepRevoking(ProviderConfig provider, String connectionId, TokenSet tokens,
            Revocation.Attempt failed) {
        String providerKey = provider.key();
        Instant now = clock.instant();
        Instant next = now.plus(RevocationWorker.backoff(1));
        Instant giveUpAt = now.plus(RevocationWorker.GIVE_UP_AFTER);
        String id = "rv_" + java.util.UUID.randomUUID().toString().replace("-", "");
        pendingRevocations.add(new PendingRevocations.Revocation(id, providerKey, connectionId,
                Revocation.tokenOf(provider, tokens), Revocation.hintOf(provider, tokens), now, next, giveUpAt, 1,
                failed.failure()));
        LOG.info("connection={} provider={} revocation={} event=revocation_pending next_attempt_at={}",
                connectionId, providerKey, id, next);
        return new Revocation.Report("pending", next, giveUpAt, failed.failure());
    }

    /** A usable access token, refreshing first when the stored one is within the buffer. */
    public TokenAnswer freshToken(String connectionId) {
        return engine.freshToken(connectionId);
    }

    /** Refreshes now (single flight) and answers the resulting token. */
    public TokenAnswer refresh(String connectionId) {
        return engine.refresh(connectionId);
    }

    /**
     * The tokens with the connection's per-connection settings beside their raw fields, once every setting the
     * provider's URLs need is there and follows its rule.
     */
    private static TokenSet withConnectionConfig(TokenSet tokens, ProviderConfig provider,
            Map<String, String> supplied) {
        Map<String, Object> raw;
        try {
            raw = provider.credentialsWith(tokens.raw(), supplied);
            provider.forConnection(raw);
        } catch (ConnectionConfigException e) {
            throw ApiProblem.invalidField("connection_config." + e.setting(), e.problem());
        }
        return supplied.isEmpty() ? tokens : tokens.withRaw(raw);
    }

    private TokenSet readCredentials(ImportRequest request, ProviderConfig provider, Instant now) {
        if (!request.credentials().path("access_token").isTextual()) {
            throw ApiProblem.invalidField("credentials.access_token", "is required and must be a string");
        }
        var refreshToken = request.credentials().get("refresh_token");
        if (refreshToken != null && !refreshToken.isNull() && !refreshToken.isTextual()) {
            throw ApiProblem.invalidField("credentials.refresh_token", "must be a string");
        }
        Instant expired = expiredAt(request.credentials(), now);
        ObjectNode credentials = request.credentials();
        if (expired != null) {
            credentials = credentials.deepCopy();
            credentials.remove("expires_at");
        }
        TokenParse parse = TokenResponseParser.parse("application/json", credentials.toString(), now,
                provider.tokenResponse());
        TokenSet tokens = switch (parse) {
            case TokenParse.Rejected rejected -> throw ApiProblem.invalidField("credentials",
                    "is not a usable token response: " + rejected.message());
            case TokenParse.Parsed parsed -> {
                for (String note : parsed.notes()) {
                    if (note.endsWith("_invalid")) {
                        String field = note.substring(0, note.length() - "_invalid".length());
                        throw ApiProblem.invalidField("credentials." + field, whatIsExpectedOf(field));
                    }
                }
                yield parsed.tokens();
            }
        };
        return expired == null ? tokens : expiredImport(tokens, expired, provider.clientCredentials());
    }

    /** When {@code expires_at} says the access token expired already (at or before {@code now}), else null. */
    private static Instant expiredAt(ObjectNode credentials, Instant now) {
        JsonNode value = credentials.get("expires_at");
        if (value == null || value.isNull() || !(value.isNumber() || value.isTextual())) {
            return null;
        }
        return TokenResponseParser.absoluteExpiry(Json.mapper().convertValue(value, Object.class))
                .filter(at -> !at.isAfter(now))
                .orElse(null);
    }

    /**
     * Tokens whose access token expired at {@code expired}: accepted only with a refresh token, or for a
     * client-credentials provider, either of which renews them at once. Without one nothing could ever renew them, so
     * the import is refused.
     */
    private static TokenSet expiredImport(TokenSet parsed, Instant expired, boolean clientCredentials) {
        if (parsed.refreshToken() == null && !clientCredentials) {
            throw ApiProblem.invalidField("credentials.expires_at", "is in the past (" + expired + ") and there is no"
                    + " credentials.refresh_token: nothing could ever renew this access token. Import a grant with"
                    + " its refresh token, or connect the account again (POST /v1/connect-sessions)");
        }
        // The lifetime of an expired token is unknown: it is taken as one second, ending at its expiry.
        return new TokenSet(parsed.accessToken(), parsed.refreshToken(), parsed.tokenType(),
                expired.minusSeconds(1), expired, parsed.scopes(), parsed.raw(), parsed.refreshTokenExpiresAt());
    }

    private static String whatIsExpectedOf(String credentialsField) {
        return switch (credentialsField) {
            case "token_type" -> "must be a string without control characters";
            case "scope" -> "must be a string or an array of strings";
            case "refresh_token" -> "must be a string";
            default -> "must be a positive number of seconds (or, for expires_at, a future time)";
        };
    }

    /** A new random connection id ({@code conn_} and 24 hex digits), for connections whose id the user left out. */
    public String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "conn_" + HexFormat.of().formatHex(bytes);
    }

    /** A deleted connection and what the provider said to the revocation. */
    public record Deletion(Connection connection, Revocation.Report revocation) {}
}
