package dev.tokenkeeper.server.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.ReconnectLink;
import dev.tokenkeeper.core.port.ReconnectLinkStore;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.Fields;
import dev.tokenkeeper.server.http.Json;
import dev.tokenkeeper.server.http.QueryParams;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconnect links: {@code POST /v1/connections/{id}/reconnect-link} makes one, {@code DELETE
 * /v1/reconnect-links/{id}} revokes it, and the public {@code GET /r/{token}} starts a fresh connect session for its
 * connection and redirects the browser to the provider. The token is never logged nor stored in plain text.
 */
final class ReconnectLinksApi implements HttpService {
    static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);
    static final long MIN_SECONDS = 60;
    static final long MAX_SECONDS = Duration.ofDays(30).toSeconds();
    /** How long a link is kept after it expired or was used, so that opening it still says what happened. */
    static final Duration KEPT_AFTER_END = Duration.ofDays(30);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    private static final String ASK = " Ask whoever sent you this link (the application's support or administrator)";

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectLinksApi.class);
    private static final Set<String> FIELDS = Set.of("expires_in", "redirect_after");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final ReconnectLinkStore links;
    private final SessionStarter starter;
    private final ConnectionStore store;
    private final RedirectOrigins redirectOrigins;
    private final URI publicUrl;
    private final InstantSource clock;
    private final SecureRandom random;
    private final AtomicReference<Instant> nextPurge = new AtomicReference<>(Instant.MIN);

    ReconnectLinksApi(ReconnectLinkStore links, SessionStarter starter, ConnectionStore store,
            RedirectOrigins redirectOrigins, URI publicUrl, InstantSource clock, SecureRandom random) {
        this.links = Objects.requireNonNull(links, "links");
        this.starter = Objects.requireNonNull(starter, "starter");
        this.store = Objects.requireNonNull(store, "store");
        this.redirectOrigins = Objects.requireNonNull(redirectOrigins, "redirectOrigins");
        this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v1/connections/{id}/reconnect-link", this::create)
                .delete("/v1/reconnect-links/{id}", QueryParams.none(this::revoke))
                .get("/r/{token}", this::open);
    }

    private void create(ServerRequest request, ServerResponse response) {
        QueryParams.only(request);
        String connectionId = request.path().pathParameters().get("id");
        ObjectNode node = Json.readOptionalObject(request);
        Fields fields = Fields.of(node, FIELDS);
        Duration lifetime = lifetime(node.get("expires_in"));
        URI redirectAfter = ConnectSessionsApi.redirectAfter(fields.optionalText("redirect_after"), redirectOrigins);
        IssuedReconnectLink link = issue(connectionId, lifetime, redirectAfter)
                .orElseThrow(() -> ApiProblem.notFound("connection", connectionId));
        ObjectNode body = Json.object();
        body.put("id", link.id());
        body.put("url", link.url().reveal());
        body.put("expires_at", link.expiresAt().toString());
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        Json.send(response, 201, body);
    }

    /** Makes a link to reconnect {@code connectionId}; empty when no such connection exists. */
    Optional<IssuedReconnectLink> issue(String connectionId, Duration lifetime, URI redirectAfter) {
        if (!Connection.isValidId(connectionId) || store.find(connectionId).isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        purgeNowAndThen(now);
        Secret token = Pkce.randomSecret(random);
        ReconnectLink link = new ReconnectLink(newId(), connectionId, redirectAfter, now, now.plus(lifetime), null,
                null);
        links.create(link, token);
        LOG.info("reconnect_link={} connection={} event=created", link.id(), connectionId);
        return Optional.of(new IssuedReconnectLink(link.id(), Secret.of(base() + "/r/" + token.reveal()),
                link.expiresAt()));
    }

    private static Duration lifetime(JsonNode value) {
        if (value == null || value.isNull()) {
            return DEFAULT_LIFETIME;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < MIN_SECONDS
                || value.asLong() > MAX_SECONDS) {
            throw ApiProblem.invalidField("expires_in", "must be a whole number of seconds from " + MIN_SECONDS
                    + " to " + MAX_SECONDS + " (30 days)");
        }
        return Duration.ofSeconds(value.asLong());
    }

    private void revoke(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        ReconnectLink link = links.revoke(id, clock.instant())
                .orElseThrow(() -> ApiProblem.notFound("reconnect link", id));
        LOG.info("reconnect_link={} connection={} event=revoked", link.id(), link.connectionId());
        ObjectNode body = Json.object();
        body.put("id", link.id());
        body.put("connection_id", link.connectionId());
        body.put("expires_at", link.expiresAt().toString());
        body.put("revoked_at", link.revokedAt().toString());
        Json.send(response, 200, body);
    }

    private void open(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.header("Referrer-Policy", "no-referrer");
        purgeNowAndThen(clock.instant());
        String text = request.path().pathParameters().get("token");
        ReconnectLink link = TOKEN.matcher(text).matches() ? links.byToken(Secret.of(text)).orElse(null) : null;
        if (link == null) {
            OAuthCallback.html(response, 404, CallbackPage.notice("Link not found", "This reconnect link is not"
                    + " valid. Ask the application for a new one."));
            return;
        }
        String refusal = link.refusal(clock.instant());
        if (refusal != null) {
            LOG.info("reconnect_link={} connection={} event=refused reason={}", link.id(), link.connectionId(),
                    refusal);
            OAuthCallback.html(response, 410, CallbackPage.notice("Link " + refusal, "This reconnect link was "
                    + refusal + (refusal.equals("used") ? " already" : "") + ". Ask the application for a new one."));
            return;
        }
        Connection connection = store.find(link.connectionId()).orElse(null);
        if (connection == null) {
            LOG.info("reconnect_link={} connection={} event=refused reason=connection_deleted", link.id(),
                    link.connectionId());
            OAuthCallback.html(response, 410, CallbackPage.notice("Connection removed", "The connection this link"
                    + " reconnects was deleted, so there is nothing to reconnect." + ASK
                    + " for a new link if you still need to connect your account."));
            return;
        }
        StartedSession started;
        try {
            started = starter.start(new ConnectRequest(connection.providerKey(), connection.id(),
                    link.redirectAfter(), Map.of(), Map.of(), Map.of()));
        } catch (ApiProblem problem) {
            LOG.info("reconnect_link={} connection={} event=cannot_start code={} detail=\"{}\"", link.id(),
                    connection.id(), problem.code(), problem.detail());
            OAuthCallback.html(response, 409, CallbackPage.notice("Reconnecting is not possible right now",
                    cannotStart(connection.providerKey(), problem) + ASK + " to fix the provider's setup in"
                            + " Tokenkeeper; this link keeps working until it expires."));
            return;
        }
        links.startedSession(link.id(), started.session().id());
        LOG.info("reconnect_link={} connection={} connect_session={} event=opened", link.id(), connection.id(),
                started.session().id());
        response.status(Status.FOUND_302);
        response.header(HeaderNames.LOCATION, started.authorizeUrl().toString());
        response.send();
    }

    /** Why no session can start, in words for the person with the link. */
    private static String cannotStart(String providerKey, ApiProblem problem) {
        if (problem.detail() != null && problem.detail().contains("authorization_url")) {
            return "The provider '" + providerKey + "' has no authorization URL in Tokenkeeper, so accounts cannot"
                    + " be reconnected through the browser.";
        }
        return "The provider '" + providerKey + "' is not configured in Tokenkeeper (it was removed, or its client"
                + " credentials were never set).";
    }

    /** Purges old links at most once a minute, on creation and on opening, as connect sessions are. */
    private void purgeNowAndThen(Instant now) {
        Instant due = nextPurge.get();
        if (!now.isBefore(due) && nextPurge.compareAndSet(due, now.plus(PURGE_EVERY))) {
            int purged = links.purge(now.minus(KEPT_AFTER_END));
            if (purged > 0) {
                LOG.info("event=reconnect_links_purged count={}", purged);
            }
        }
    }

    private String base() {
        String text = publicUrl.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "rl_" + HexFormat.of().formatHex(bytes);
    }
}
