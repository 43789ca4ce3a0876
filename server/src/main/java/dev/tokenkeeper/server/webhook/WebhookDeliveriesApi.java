package dev.tokenkeeper.server.webhook;

import dev.tokenkeeper.core.webhook.WebhookDelivery;
import dev.tokenkeeper.core.webhook.WebhookStore;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.Fields;
import dev.tokenkeeper.server.http.Json;
import dev.tokenkeeper.server.http.QueryParams;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** {@code /v1/webhook-deliveries/{id}/retry}: sends a delivery again now, whatever became of it. */
public final class WebhookDeliveriesApi implements HttpService {
    public static final String PATH = "/v1/webhook-deliveries";

    private final WebhookStore store;
    private final Runnable wake;
    private final InstantSource clock;

    /** @param wake tells the dispatcher that a delivery is due now (a retry by hand) */
    public WebhookDeliveriesApi(WebhookStore store, InstantSource clock, Runnable wake) {
        this.wake = Objects.requireNonNull(wake, "wake");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/retry", QueryParams.none(this::retry));
    }

    private void retry(ServerRequest request, ServerResponse response) {
        Fields.of(Json.readOptionalObject(request), Set.of());
        String id = request.path().pathParameters().get("id");
        if (!WebhookEndpointsApi.DELIVERY_ID.matcher(id).matches()) {
            throw ApiProblem.of(404, "not_found", "Not found", "no webhook delivery has that id: a delivery id is"
                    + " wd_ followed by letters and digits");
        }
        WebhookDelivery delivery = retry(id).orElseThrow(() -> ApiProblem.notFound("webhook delivery", id));
        Json.send(response, 202, WebhookJson.delivery(delivery, store.attempts(id)));
    }

    /**
     * Makes the delivery pending and due now and wakes the dispatcher: the one way to retry a delivery by hand (this
     * route and the console's button); the delivery as it is then, or empty when no delivery has the id.
     */
    public Optional<WebhookDelivery> retry(String id) {
        if (!WebhookEndpointsApi.DELIVERY_ID.matcher(id).matches() || !store.retryNow(id, clock.instant())) {
            return Optional.empty();
        }
        wake.run();
        return store.delivery(id);
    }
}
