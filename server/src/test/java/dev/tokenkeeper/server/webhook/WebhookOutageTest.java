package dev.tokenkeeper.server.webhook;

import static dev.tokenkeeper.server.connection.ConnectionsApiTest.importBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ServiceProcess;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.webhook.WebhookReceiver;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A receiver down while three instances of one deployment (this JVM's service and two {@code serve} JVMs on the same
 * database) make transitions: its port refuses connections, then a receiver starts on it. Afterwards every event has
 * arrived, none is missing, and an event that arrived twice carried the same {@code webhook-id} both times.
 *
 * <p>The dispatcher's retry schedule is the standard one (5 s, then 5 min, 30 min…): a delivery whose second attempt
 * also met the closed port is next due minutes later. Once the receiver is back the test does what an operator does
 * after an outage: it retries by hand, through {@code POST /v1/webhook-deliveries/{id}/retry} on any instance, every
 * pending delivery whose next attempt is more than {@value #RETRY_BY_HAND_SECONDS} s away; the others are sent by the
 * schedule. Nothing in the service is changed for the test.
 *
 * <p>The default run is short ({@value #DEFAULT_TRANSITIONS} transitions, receiver down {@value #DEFAULT_DOWN_SECONDS}
 * s); {@code -Dtokenkeeper.webhookOutage.transitions=10000 -Dtokenkeeper.webhookOutage.downSeconds=300} makes the
 * long one, whose figures (logged as {@code webhook_outage ...}) go in BENCHMARKS.md.
 */
class WebhookOutageTest {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookOutageTest.class);
    private static final int DEFAULT_TRANSITIONS = 1000;
    private static final int DEFAULT_DOWN_SECONDS = 20;
    private static final int RETRY_BY_HAND_SECONDS = 15;

    private TestService service;
    private WebhookReceiver receiver;
    private final List<ServiceProcess> others = new ArrayList<>();

    @AfterEach
    void stop() {
        try (TestService s = service; WebhookReceiver r = receiver) {
            others.forEach(ServiceProcess::close);
        }
    }

    @Test
    void everyEventArrives_andDuplicatesKeepTheirId_afterTheReceiverWasDownWhileThreeInstancesMadeTransitions()
            throws Exception {
        int transitions = Integer.getInteger("tokenkeeper.webhookOutage.transitions", DEFAULT_TRANSITIONS);
        Duration down = Duration.ofSeconds(Integer.getInteger("tokenkeeper.webhookOutage.downSeconds",
                DEFAULT_DOWN_SECONDS));
        service = TestService.start();
        int port = closedPort();
        URI url = URI.create("http://127.0.0.1:" + port + WebhookReceiver.PATH);
        String endpointId = service.api.post("/v1/webhook-endpoints", ApiClient.object().put("url", url.toString()))
                .json().path("id").asText();
        others.add(ServiceProcess.start(service));
        others.add(ServiceProcess.start(service));
        List<ApiClient> instances = List.of(service.api, others.get(0).api(service), others.get(1).api(service));

        Instant started = Instant.now();
        AtomicReference<Instant> transitionsMade = new AtomicReference<>();
        CompletableFuture<Set<String>> made = CompletableFuture.supplyAsync(() -> transitions(instances,
                transitions / 2)).whenComplete((expected, failure) -> transitionsMade.set(Instant.now()));
        await("the outage").atMost(down.plusSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> Duration.between(started, Instant.now()).compareTo(down) >= 0);
        long failedAttemptsWhileDown = count("select count(*) from webhook_attempts where status_code is null");
        receiver = WebhookReceiver.start(port);
        Instant back = Instant.now();
        Set<String> expected = made.get();
        Instant transitionsDone = transitionsMade.get();
        Instant bothDone = back.isAfter(transitionsDone) ? back : transitionsDone;

        AtomicInteger retriedByHand = new AtomicInteger();
        await("every delivery recorded delivered").atMost(Duration.ofMinutes(transitions >= 5000 ? 60 : 6))
                .pollInterval(Duration.ofSeconds(5)).until(() -> {
                    retriedByHand.addAndGet(retryThoseDueLater(instances, endpointId));
                    return count("select count(*) from webhook_deliveries where status <> 'succeeded'") == 0;
                });
        Instant drained = Instant.now();

        ReceivedEvents events = ReceivedEvents.of(receiver.received());
        assertThat(events.eventsSeen()).containsAll(expected);
        assertThat(events.withDifferentIds()).as("events received with more than one webhook-id").isEmpty();
        assertThat(count("select count(*) from webhook_deliveries")).isEqualTo(expected.size());
        assertThat(failedAttemptsWhileDown).as("attempts met the closed port").isPositive();
        LOG.info("webhook_outage instances=3 transitions={} events={} down_s={} transitions_s={}"
                + " failed_attempts_while_down={} retried_by_hand={} received={} duplicated_events={}"
                + " drain_after_back_and_transitions_s={}", transitions, expected.size(),
                down.toSeconds(), Duration.between(started, transitionsDone).toSeconds(), failedAttemptsWhileDown,
                retriedByHand.get(), receiver.received().size(), events.duplicated(),
                Duration.between(bothDone, drained).toSeconds());
    }

    /**
     * Imports {@code connections} connections and deletes them, spread over the instances; returns the
     * (path, type, connection) of every event the endpoint must receive.
     */
    private Set<String> transitions(List<ApiClient> instances, int connections) {
        Set<String> expected = new TreeSet<>();
        Semaphore parallel = new Semaphore(6);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < connections; i++) {
                String id = "outage-" + i;
                ApiClient importer = instances.get(i % instances.size());
                ApiClient deleter = instances.get((i + 1) % instances.size());
                IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
                expected.add(WebhookReceiver.PATH + " connection.created " + id);
                expected.add(WebhookReceiver.PATH + " connection.deleted " + id);
                done.add(callers.submit(() -> {
                    parallel.acquire();
                    try {
                        assertThat(importer.post("/v1/connections", importBody(id, grant, 3600)).status())
                                .isEqualTo(201);
                        assertThat(deleter.delete("/v1/connections/" + id).status()).isEqualTo(200);
                    } finally {
                        parallel.release();
                    }
                    return null;
                }));
            }
            for (Future<?> one : done) {
                one.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("a transition failed", e);
        }
        return expected;
    }

    /** Retries by hand every pending delivery next due more than {@value #RETRY_BY_HAND_SECONDS} s from now. */
    private int retryThoseDueLater(List<ApiClient> instances, String endpointId) {
        Instant later = Instant.now().plusSeconds(RETRY_BY_HAND_SECONDS);
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = service.api.get("/v1/webhook-endpoints/" + endpointId + "/deliveries?status=pending"
                    + "&limit=100" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            for (JsonNode delivery : page.path("deliveries")) {
                String next = delivery.path("next_attempt_at").asText(null);
                if (next != null && Instant.parse(next).isAfter(later)) {
                    ids.add(delivery.path("id").asText());
                }
            }
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        } while (cursor != null);
        for (int i = 0; i < ids.size(); i++) {
            int status = instances.get(i % instances.size()).post("/v1/webhook-deliveries/" + ids.get(i) + "/retry",
                    null).status();
            assertThat(status).as("retry of " + ids.get(i)).isIn(202, 404);
        }
        return ids.size();
    }

    /** A loopback port nothing listens on now: connections to it are refused until a receiver starts on it. */
    private static int closedPort() {
        try (WebhookReceiver placeholder = WebhookReceiver.start()) {
            return placeholder.port();
        }
    }

    private long count(String sql) {
        return service.tokenkeeper.parts().storage().database().withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql);
                    ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }
}
