package dev.tokenkeeper.server.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.webhook.DeliveryStatus;
import dev.tokenkeeper.core.webhook.WebhookDelivery;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import dev.tokenkeeper.core.webhook.WebhookEventTypes;
import dev.tokenkeeper.core.webhook.WebhookStore;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.Fields;
import dev.tokenkeeper.server.http.Json;
import dev.tokenkeeper.server.http.QueryParams;
import io.helidon.http.HeaderNames;
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
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/webhook-endpoints}: create (the signing secret shown only then), list, read, change, delete, rotate the
 * secret (the old one signs beside the new one for 24 hours), send a ping, list an endpoint's deliveries, and resend
 * a time range of them after an outage.
 */
public final class WebhookEndpointsApi implements HttpService {
    public static final String PATH = "/v1/webhook-endpoints";
    /** The most endpoints a deployment may have. */
    public static final int MAX_ENDPOINTS = 100;
    /** How long a rotated-out secret keeps signing beside the new one. */
    public static final Duration ROTATION_OVERLAP = Duration.ofHours(24);
    /** The most deliveries one resend makes due; the answer's {@code next_from} says where the rest begin. */
    public static final int MAX_RESEND = 10_000;
    /** The longest range one resend covers. */
    public static final Duration MAX_RESEND_RANGE = Duration.ofDays(31);
    /**
     * How far back a resend reaches. Deliveries are kept until their endpoint is deleted; older events are refused
     * as a likely mistake (a receiver would get months-old state changes as if new).
     */
    public static final Duration RESEND_LOOKBACK = Duration.ofDays(90);
    /** A page of endpoints or deliveries when no {@code limit} is given (the console's page too). */
    public static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 100;
    /** The form of an endpoint id. */
    public static final Pattern ENDPOINT_ID = Pattern.compile("we_[A-Za-z0-9]{1,64}");
    /** The form of a delivery id. */
    public static final Pattern DELIVERY_ID = Pattern.compile("wd_[A-Za-z0-9]{1,64}");
    private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpointsApi.class);
    private static final Set<String> FIELDS = Set.of("url", "events", "description", "enabled");

    private final WebhookStore store;
    private final Runnable wake;
    private final ProviderUrlPolicy urlPolicy;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();

    /** @param wake tells the dispatcher that a delivery is due now (a ping) */
    public WebhookEndpointsApi(WebhookStore store, ProviderUrlPolicy urlPolicy, InstantSource clock, Runnable wake) {
        this.wake = Objects.requireNonNull(wake, "wake");
        this.store = Objects.requireNonNull(store, "store");
        this.urlPolicy = Objects.requireNonNull(urlPolicy, "urlPolicy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", QueryParams.none(this::create))
                .get("/", QueryParams.accepting(this::list, "limit", "cursor"))
                .get("/{id}", QueryParams.none((request, response) ->
                        Json.send(response, 200, WebhookJson.endpoint(existing(request)))))
                .patch("/{id}", QueryParams.none(this::patch))
                .delete("/{id}", QueryParams.none(this::delete))
                .post("/{id}/rotate-secret", QueryParams.none(this::rotate))
                .post("/{id}/test", QueryParams.none(this::ping))
                .post("/{id}/resend", QueryParams.none(this::resend))
                .get("/{id}/deliveries", QueryParams.accepting(this::deliveries, "status", "limit", "cursor"));
    }

    private void create(ServerRequest request, ServerResponse response) {
        ObjectNode body = Json.readObject(request);
        Fields.of(body, Set.of("url", "events", "description"));
        URI url = WebhookInput.url(body, urlPolicy);
        Set<String> events = WebhookInput.events(body);
        String description = WebhookInput.description(body);
        if (store.endpoints(null, MAX_ENDPOINTS).size() >= MAX_ENDPOINTS) {
            throw ApiProblem.of(409, "too_many_webhook_endpoints", "Too many webhook endpoints", "there are "
                    + MAX_ENDPOINTS + " webhook endpoints already, the most allowed; delete one first");
        }
        Instant now = clock.instant();
        String id = "we_" + HexFormat.of().formatHex(bytes(16));
        Secret secret = newSecret();
        WebhookEndpoint created = store.createEndpoint(new WebhookEndpoint(id, url, description, events, true, null,
                null, now, now), secret);
        LOG.info("webhook_endpoint={} event=created", id);
        ObjectNode answer = WebhookJson.endpoint(created);
        answer.put("secret", secret.reveal());
        response.header(HeaderNames.LOCATION, PATH + "/" + id);
        Json.send(response, 201, answer);
    }

    private void list(ServerRequest request, ServerResponse response) {
        var query = request.query();
        int limit = QueryParams.intWithin(query.first("limit").orElse(null), "limit", 1, MAX_PAGE, DEFAULT_PAGE);
        String cursor = query.first("cursor").orElse(null);
        if (cursor != null && !ENDPOINT_ID.matcher(cursor).matches()) {
            throw ApiProblem.invalidField("cursor", "must be an endpoint id as returned in next_cursor (we_…)");
        }
        List<WebhookEndpoint> page = store.endpoints(cursor, limit);
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("webhook_endpoints");
        page.forEach(endpoint -> items.add(WebhookJson.endpoint(endpoint)));
        body.put("next_cursor", page.size() == limit ? page.getLast().id() : null);
        Json.send(response, 200, body);
    }

    /** A JSON merge patch of {@code url}, {@code events}, {@code description} and {@code enabled}. */
    private void patch(ServerRequest request, ServerResponse response) {
        WebhookEndpoint current = existing(request);
        ObjectNode body = Json.readMergePatch(request);
        Fields.of(body, FIELDS);
        URI url = body.has("url") ? WebhookInput.url(body, urlPolicy) : current.url();
        Set<String> events = body.has("events") ? WebhookInput.events(body) : current.events();
        String description = body.has("description") ? WebhookInput.description(body) : current.description();
        boolean enabled = WebhookInput.enabled(body, current.enabled());
        String reason = enabled ? null : current.enabled() ? "user" : current.disabledReason();
        WebhookEndpoint changed = store.updateEndpoint(new WebhookEndpoint(current.id(), url, description, events,
                enabled, reason, current.failingSince(), current.createdAt(), clock.instant()))
                .orElseThrow(() -> notFound(current.id()));
        if (enabled != current.enabled()) {
            LOG.info("webhook_endpoint={} event={}", current.id(), enabled ? "enabled" : "disabled");
        }
        Json.send(response, 200, WebhookJson.endpoint(changed));
    }

    private void delete(ServerRequest request, ServerResponse response) {
        WebhookEndpoint endpoint = existing(request);
        if (!store.deleteEndpoint(endpoint.id())) {
            throw notFound(endpoint.id());
        }
        LOG.info("webhook_endpoint={} event=deleted", endpoint.id());
        ObjectNode body = WebhookJson.endpoint(endpoint);
        body.put("deleted", true);
        Json.send(response, 200, body);
    }

    private void rotate(ServerRequest request, ServerResponse response) {
        noBody(request);
        WebhookEndpoint endpoint = existing(request);
        Secret secret = newSecret();
        Instant until = clock.instant().plus(ROTATION_OVERLAP);
        if (!store.rotateSecret(endpoint.id(), secret, until)) {
            throw notFound(endpoint.id());
        }
        LOG.info("webhook_endpoint={} event=secret_rotated", endpoint.id());
        ObjectNode body = Json.object().put("id", endpoint.id()).put("secret", secret.reveal())
                .put("previous_secret_expires_at", until.toString());
        Json.send(response, 200, body);
    }

    private void ping(ServerRequest request, ServerResponse response) {
        noBody(request);
        WebhookEndpoint endpoint = enabled(existing(request));
        Instant now = clock.instant();
        ObjectNode ping = Json.object().put("type", WebhookEventTypes.PING).put("timestamp", now.toString());
        ping.putObject("data").put("endpoint_id", endpoint.id());
        WebhookDelivery delivery = store.enqueue(endpoint.id(), WebhookEventTypes.PING, ping.toString(), now);
        wake.run();
        Json.send(response, 202, WebhookJson.delivery(delivery, List.of()));
    }

    /**
     * Makes the endpoint's deliveries created in {@code [from, to)} that failed (and, with
     * {@code include_succeeded}, succeeded) due now, each with its own {@code webhook-id}: after a receiver's outage.
     */
    private void resend(ServerRequest request, ServerResponse response) {
        WebhookEndpoint endpoint = existing(request);
        ObjectNode body = Json.readObject(request);
        Fields.of(body, Set.of("from", "to", "include_succeeded"));
        Instant now = clock.instant();
        WebhookInput.ResendRange range = WebhookInput.resendRange(body, now, RESEND_LOOKBACK, MAX_RESEND_RANGE);
        enabled(endpoint);
        WebhookStore.Resent resent = store.resend(endpoint.id(), range.from(), range.to(), range.includeSucceeded(),
                MAX_RESEND, now);
        wake.run();
        LOG.info("webhook_endpoint={} event=resent from={} to={} include_succeeded={} resent={} more={}",
                endpoint.id(), range.from(), range.to(), range.includeSucceeded(), resent.count(),
                resent.nextFrom() != null);
        ObjectNode answer = Json.object().put("resent", resent.count())
                .put("next_from", resent.nextFrom() == null ? null : resent.nextFrom().toString());
        Json.send(response, 202, answer);
    }

    private void deliveries(ServerRequest request, ServerResponse response) {
        WebhookEndpoint endpoint = existing(request);
        var query = request.query();
        DeliveryStatus status = query.first("status").map(name -> DeliveryStatus.fromWireName(name).orElseThrow(
                () -> ApiProblem.invalidField("status", "must be one of pending, succeeded, failed"))).orElse(null);
        int limit = QueryParams.intWithin(query.first("limit").orElse(null), "limit", 1, MAX_PAGE, DEFAULT_PAGE);
        String cursor = query.first("cursor").orElse(null);
        if (cursor != null && !DELIVERY_ID.matcher(cursor).matches()) {
            throw ApiProblem.invalidField("cursor", "must be a delivery id as returned in next_cursor (wd_…)");
        }
        List<WebhookDelivery> page = store.deliveries(endpoint.id(), status, cursor, limit);
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("deliveries");
        page.forEach(delivery -> items.add(WebhookJson.delivery(delivery, store.attempts(delivery.id()))));
        body.put("next_cursor", page.size() == limit ? page.getLast().id() : null);
        Json.send(response, 200, body);
    }

    /** Rotate and test take no options: no body, or an empty JSON object. */
    private static void noBody(ServerRequest request) {
        Fields.of(Json.readOptionalObject(request), Set.of());
    }

    /** The endpoint when it is enabled; a disabled one is a 409 (nothing would be sent to it). */
    private static WebhookEndpoint enabled(WebhookEndpoint endpoint) {
        if (!endpoint.enabled()) {
            throw ApiProblem.of(409, "endpoint_disabled", "Endpoint disabled", "the webhook endpoint is disabled ("
                    + endpoint.disabledReason() + "); enable it with PATCH {\"enabled\": true} first");
        }
        return endpoint;
    }

    private WebhookEndpoint existing(ServerRequest request) {
        String id = request.path().pathParameters().get("id");
        if (!ENDPOINT_ID.matcher(id).matches()) {
            throw ApiProblem.of(404, "not_found", "Not found", "no webhook endpoint has that id: an endpoint id is"
                    + " we_ followed by letters and digits");
        }
        return store.endpoint(id).orElseThrow(() -> notFound(id));
    }

    private static ApiProblem notFound(String id) {
        return ApiProblem.notFound("webhook endpoint", id);
    }

    private Secret newSecret() {
        return WebhookSignature.newSecret(random);
    }

    private byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
