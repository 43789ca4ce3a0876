package dev.tokenkeeper.client.webhook;

import dev.tokenkeeper.client.Page;
import dev.tokenkeeper.client.internal.ApiCall;
import dev.tokenkeeper.client.internal.Json;
import dev.tokenkeeper.client.internal.Pages;
import dev.tokenkeeper.client.internal.Transport;
import java.util.Objects;
import java.util.stream.Stream;

/** The {@code /v1/webhook-endpoints} and {@code /v1/webhook-deliveries} calls. */
public final class WebhookEndpoints {
    private static final String PATH = "/v1/webhook-endpoints";

    private final Transport transport;

    public WebhookEndpoints(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** {@code POST /v1/webhook-endpoints}: the new endpoint with its signing secret, shown this once. */
    public WebhookEndpoint create(WebhookEndpointInput input) {
        return transport.read(ApiCall.post(PATH, Json.tree(input)), WebhookEndpoint.class);
    }

    /** {@code GET /v1/webhook-endpoints}: one page of at most {@code limit} (null: 50) after {@code cursor}. */
    public Page<WebhookEndpoint> list(Integer limit, String cursor) {
        return Pages.read(transport.json(ApiCall.get(PATH).param("limit", limit).param("cursor", cursor)),
                "webhook_endpoints", WebhookEndpoint.class);
    }

    /** Every endpoint, one page request at a time as the stream is read. */
    public Stream<WebhookEndpoint> listAll() {
        return Pages.all(cursor -> list(null, cursor));
    }

    /** {@code GET /v1/webhook-endpoints/{id}}. */
    public WebhookEndpoint get(String id) {
        return transport.read(ApiCall.get(path(id)), WebhookEndpoint.class);
    }

    /** {@code PATCH /v1/webhook-endpoints/{id}}. */
    public WebhookEndpoint update(String id, WebhookEndpointPatch patch) {
        return transport.read(ApiCall.of("PATCH", path(id), Json.tree(patch)), WebhookEndpoint.class);
    }

    /** {@code DELETE /v1/webhook-endpoints/{id}}: the endpoint as it was, with its deliveries gone. */
    public WebhookEndpoint delete(String id) {
        return transport.read(ApiCall.of("DELETE", path(id), null).retryable(true), WebhookEndpoint.class);
    }

    /** {@code POST /v1/webhook-endpoints/{id}/rotate-secret}: the old secret keeps signing beside it for 24 h. */
    public WebhookSecret rotateSecret(String id) {
        return transport.read(ApiCall.post(path(id) + "/rotate-secret", null), WebhookSecret.class);
    }

    /** {@code POST /v1/webhook-endpoints/{id}/test}: queues a {@code ping}; answers its delivery. */
    public WebhookDelivery test(String id) {
        return transport.read(ApiCall.post(path(id) + "/test", null), WebhookDelivery.class);
    }

    /** {@code POST /v1/webhook-endpoints/{id}/resend}: makes a time range of deliveries due again. */
    public WebhookResent resend(String id, WebhookResend range) {
        return transport.read(ApiCall.post(path(id) + "/resend", Json.tree(range)), WebhookResent.class);
    }

    /**
     * {@code GET /v1/webhook-endpoints/{id}/deliveries}: one page, newest first, of deliveries with {@code status}
     * (null: any), at most {@code limit} (null: 50) after {@code cursor}.
     */
    public Page<WebhookDelivery> deliveries(String id, String status, Integer limit, String cursor) {
        ApiCall call = ApiCall.get(path(id) + "/deliveries").param("status", status).param("limit", limit)
                .param("cursor", cursor);
        return Pages.read(transport.json(call), "deliveries", WebhookDelivery.class);
    }

    /** Every delivery of an endpoint with {@code status} (null: any), newest first. */
    public Stream<WebhookDelivery> allDeliveries(String id, String status) {
        return Pages.all(cursor -> deliveries(id, status, null, cursor));
    }

    /** {@code POST /v1/webhook-deliveries/{id}/retry}: sends the delivery again now, with the same webhook-id. */
    public WebhookDelivery retryDelivery(String deliveryId) {
        return transport.read(ApiCall.post("/v1/webhook-deliveries/" + ApiCall.segment(deliveryId) + "/retry", null),
                WebhookDelivery.class);
    }

    private static String path(String id) {
        return PATH + "/" + ApiCall.segment(id);
    }
}
