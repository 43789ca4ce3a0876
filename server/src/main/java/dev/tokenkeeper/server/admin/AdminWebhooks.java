package dev.tokenkeeper.server.admin;

import dev.tokenkeeper.core.webhook.DeliveryStatus;
import dev.tokenkeeper.core.webhook.WebhookDelivery;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import dev.tokenkeeper.core.webhook.WebhookStore;
import dev.tokenkeeper.server.http.QueryParams;
import dev.tokenkeeper.server.webhook.WebhookDeliveriesApi;
import dev.tokenkeeper.server.webhook.WebhookEndpointsApi;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The console's webhook pages, read through the {@link WebhookStore} the API reads: {@code GET /admin/webhooks} (the
 * endpoints, never a secret), {@code GET /admin/webhooks/{id}} (the endpoint and its deliveries, paged and filtered as
 * {@code GET /v1/webhook-endpoints/{id}/deliveries}), and the "Retry now" button, {@code POST
 * /admin/webhook-deliveries/{id}/retry}, through the same method as {@code POST /v1/webhook-deliveries/{id}/retry}.
 */
public final class AdminWebhooks implements HttpService {
    public static final String PATH = "/admin/webhooks";
    static final String DELIVERIES_PATH = "/admin/webhook-deliveries";
    private static final int PAGE = WebhookEndpointsApi.DEFAULT_PAGE;

    private final WebhookStore store;
    private final WebhookDeliveriesApi deliveries;
    private final Pages pages;

    /** @param deliveries the API's deliveries routes, whose {@code retry} the button calls */
    public AdminWebhooks(WebhookStore store, WebhookDeliveriesApi deliveries, Pages pages) {
        this.store = Objects.requireNonNull(store, "store");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, QueryParams.accepting(this::list, "cursor"))
                .get(PATH + "/{id}", QueryParams.accepting(this::show, "status", "cursor"))
                .post(DELIVERIES_PATH + "/{id}/retry", QueryParams.none(this::retry));
    }

    private void list(ServerRequest request, ServerResponse response) {
        String csrf = AdminConsole.signedIn(request).csrfToken();
        String cursor = request.query().first("cursor").orElse("").strip();
        if (!cursor.isEmpty() && !WebhookEndpointsApi.ENDPOINT_ID.matcher(cursor).matches()) {
            Pages.send(response, Status.BAD_REQUEST_400, pages.webhooks(new WebhookViews.ListPage(csrf,
                    "The cursor is not an endpoint id (we_…).", List.of(), "")));
            return;
        }
        List<WebhookEndpoint> page = store.endpoints(cursor.isEmpty() ? null : cursor, PAGE);
        Pages.send(response, Status.OK_200, pages.webhooks(new WebhookViews.ListPage(csrf, "",
                page.stream().map(WebhookViews::endpoint).toList(),
                page.size() == PAGE ? page.getLast().id() : "")));
    }

    private void show(ServerRequest request, ServerResponse response) {
        String csrf = AdminConsole.signedIn(request).csrfToken();
        Optional<WebhookEndpoint> endpoint = endpoint(request.path().pathParameters().get("id"));
        if (endpoint.isEmpty()) {
            sendMissing(response, csrf, "No webhook endpoint has this id.");
            return;
        }
        var query = request.query();
        String status = query.first("status").orElse("").strip();
        String cursor = query.first("cursor").orElse("").strip();
        String error = !status.isEmpty() && DeliveryStatus.fromWireName(status).isEmpty()
                ? "The status filter must be one of pending, succeeded, failed."
                : !cursor.isEmpty() && !WebhookEndpointsApi.DELIVERY_ID.matcher(cursor).matches()
                ? "The cursor is not a delivery id (wd_…)." : "";
        if (!error.isEmpty()) {
            Pages.send(response, Status.BAD_REQUEST_400, pages.webhook(new WebhookViews.EndpointPage(csrf,
                    WebhookViews.endpoint(endpoint.get()), status, error, List.of(), "", "")));
            return;
        }
        sendEndpoint(response, Status.OK_200, csrf, endpoint.get(),
                status.isEmpty() ? null : DeliveryStatus.fromWireName(status).orElseThrow(), cursor, "");
    }

    private void retry(ServerRequest request, ServerResponse response) {
        if (AdminConsole.checkedForm(request, response, pages).isEmpty()) {
            return;
        }
        AdminSessions.Session session = AdminConsole.signedIn(request);
        String id = request.path().pathParameters().get("id");
        Optional<WebhookDelivery> retried = deliveries.retry(id);
        Optional<WebhookEndpoint> endpoint = retried.flatMap(delivery -> store.endpoint(delivery.endpointId()));
        if (endpoint.isEmpty()) {
            sendMissing(response, session.csrfToken(), "No webhook delivery has this id.");
            return;
        }
        sendEndpoint(response, Status.OK_200, session.csrfToken(), endpoint.get(), null, "", "Delivery " + id
                + " (" + retried.get().eventType() + ") is pending again and due now: it is sent again shortly.");
    }

    private void sendEndpoint(ServerResponse response, Status status, String csrf, WebhookEndpoint endpoint,
            DeliveryStatus filter, String cursor, String notice) {
        List<WebhookDelivery> page = store.deliveries(endpoint.id(), filter, cursor.isEmpty() ? null : cursor, PAGE);
        List<WebhookViews.Delivery> rows = page.stream()
                .map(delivery -> WebhookViews.delivery(delivery, store.attempts(delivery.id()))).toList();
        Pages.send(response, status, pages.webhook(new WebhookViews.EndpointPage(csrf, WebhookViews.endpoint(endpoint),
                filter == null ? "" : filter.wireName(), "", rows, page.size() == PAGE ? page.getLast().id() : "",
                notice)));
    }

    private void sendMissing(ServerResponse response, String csrf, String error) {
        List<WebhookEndpoint> page = store.endpoints(null, PAGE);
        Pages.send(response, Status.NOT_FOUND_404, pages.webhooks(new WebhookViews.ListPage(csrf, error,
                page.stream().map(WebhookViews::endpoint).toList(), page.size() == PAGE ? page.getLast().id() : "")));
    }

    private Optional<WebhookEndpoint> endpoint(String id) {
        return WebhookEndpointsApi.ENDPOINT_ID.matcher(id).matches() ? store.endpoint(id) : Optional.empty();
    }
}
