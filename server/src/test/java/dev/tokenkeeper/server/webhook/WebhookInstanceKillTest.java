package dev.tokenkeeper.server.webhook;

import static dev.tokenkeeper.server.connection.ConnectionsApiTest.importBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ServiceProcess;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.webhook.WebhookReceiver;
import dev.tokenkeeper.fake.webhook.WebhookReceiver.Reply;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of an instance while it is sending webhooks: two instances of one deployment (this JVM's service and the
 * real {@code serve} in a JVM of its own) deliver the events of {@value #CONNECTIONS} imports and deletes to nine
 * endpoints of a receiver that answers after {@value #SLOW_SECONDS} s; the other JVM is killed while the receiver
 * holds a request of it unanswered. Every event still arrives at every endpoint (the killed instance's deliveries
 * are taken over when their lease runs out, about a minute by the dispatcher's defaults), and an event that arrives
 * twice carries the same {@code webhook-id} both times.
 */
class WebhookInstanceKillTest {
    private static final int CONNECTIONS = 100;
    private static final int SLOW_SECONDS = 2;
    /**
     * Nine endpoints, at most four deliveries of each under lease at once: 36 sending slots, more than one instance's
     * 32, so both instances send and the killed one surely holds some.
     */
    private static final List<String> PATHS = java.util.stream.IntStream.rangeClosed(1, 9)
            .mapToObj(i -> "/hook-" + i).toList();

    private TestService service;
    private WebhookReceiver receiver;
    private ServiceProcess other;

    @AfterEach
    void stop() {
        try (TestService s = service; WebhookReceiver r = receiver; ServiceProcess o = other) {
            // closed in reverse order
        }
    }

    @Test
    void everyEventArrives_andDuplicatesKeepTheirId_whenAnInstanceIsKilledMidDelivery() throws Exception {
        service = TestService.start();
        receiver = WebhookReceiver.start();
        receiver.answerAlways(Reply.status(204).after(Duration.ofSeconds(SLOW_SECONDS)));
        for (String path : PATHS) {
            service.api.post("/v1/webhook-endpoints", ApiClient.object().put("url",
                    receiver.url().resolve(path).toString()));
        }
        other = ServiceProcess.start(service);

        Set<String> expected = transitions(List.of(service.api, other.api(service)));
        await("the other instance sending a delivery the receiver has not answered")
                .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(this::unansweredOfTheOther, ids -> !ids.isEmpty());
        other.kill();
        // Read once the process is gone: until its leases run out nothing changes what it held. Read before the kill,
        // a request could still be answered and recorded in between (on a busy machine the kill lands late), and
        // that delivery rightly arrives once.
        Set<String> inFlightAtKill = unansweredOfTheOther();
        assertThat(inFlightAtKill).as("deliveries the killed instance had sent and not seen answered").isNotEmpty();
        receiver.answerAlways(Reply.status(204));

        // The killed instance's requests reached the receiver, but it never learnt the answer: only when every
        // delivery is recorded delivered has each one been taken over.
        await("every delivery recorded delivered").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> deliveriesNotSucceeded() == 0);
        assertThat(ReceivedEvents.of(receiver.received()).eventsSeen()).containsAll(expected);
        ReceivedEvents events = ReceivedEvents.of(receiver.received());
        assertThat(events.withDifferentIds()).as("events received with more than one webhook-id").isEmpty();
        assertThat(inFlightAtKill).as("the killed instance's unanswered deliveries were sent again, same id")
                .allSatisfy(id -> assertThat(events.copiesOf(id)).isGreaterThanOrEqualTo(2));
        assertThat(deliveries()).isEqualTo(expected.size());
    }

    /**
     * Imports {@value #CONNECTIONS} connections and deletes them, half through each instance; returns the
     * (path, type, connection) of every event each endpoint must receive.
     */
    private Set<String> transitions(List<ApiClient> instances) throws Exception {
        Set<String> expected = new TreeSet<>();
        Semaphore parallel = new Semaphore(8);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CONNECTIONS; i++) {
                String id = "kill-" + i;
                ApiClient api = instances.get(i % instances.size());
                IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
                for (String path : PATHS) {
                    expected.add(path + " connection.created " + id);
                    expected.add(path + " connection.deleted " + id);
                }
                done.add(callers.submit(() -> {
                    parallel.acquire();
                    try {
                        assertThat(api.post("/v1/connections", importBody(id, grant, 3600)).status()).isEqualTo(201);
                        assertThat(api.delete("/v1/connections/" + id).status()).isEqualTo(200);
                    } finally {
                        parallel.release();
                    }
                    return null;
                }));
            }
            for (Future<?> one : done) {
                one.get();
            }
        }
        return expected;
    }

    /**
     * The message ids of deliveries the other instance holds under a live lease, whose request the receiver has
     * received and whose attempt is not recorded yet: requests the receiver has not answered.
     */
    private Set<String> unansweredOfTheOther() {
        Set<String> leased = service.tokenkeeper.parts().storage().database().withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select message_id from webhook_deliveries"
                    + " where status = 'pending' and attempts = 0 and lease_expires_at > now()"
                    + " and lease_holder like ?")) {
                select.setString(1, "%/" + other.pid() + "/%");
                Set<String> ids = new TreeSet<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                return ids;
            }
        });
        Set<String> received = new TreeSet<>();
        receiver.received().forEach(request -> received.add(request.header("webhook-id")));
        leased.retainAll(received);
        return leased;
    }

    private long deliveriesNotSucceeded() {
        return count("select count(*) from webhook_deliveries where status <> 'succeeded'");
    }

    private long deliveries() {
        return count("select count(*) from webhook_deliveries");
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
