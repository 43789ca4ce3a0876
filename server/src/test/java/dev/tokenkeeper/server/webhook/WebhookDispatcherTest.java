package dev.tokenkeeper.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.webhook.DeliveryAttempt;
import dev.tokenkeeper.core.webhook.DeliveryStatus;
import dev.tokenkeeper.core.webhook.WebhookDelivery;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import dev.tokenkeeper.server.ops.ServiceMetrics;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.testkit.logs.StandardErrorCapture;
import dev.tokenkeeper.memory.InMemoryWebhookStore;
import dev.tokenkeeper.fake.webhook.WebhookReceiver;
import dev.tokenkeeper.fake.webhook.WebhookReceiver.Received;
import dev.tokenkeeper.fake.webhook.WebhookReceiver.Reply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatcher over real HTTP to a receiver on loopback, with the in-memory store. */
class WebhookDispatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final RetrySchedule QUICK = new RetrySchedule(Collections.nCopies(20, Duration.ofMillis(100)), 0);
    private static final RetrySchedule HOURLY = new RetrySchedule(Collections.nCopies(7, Duration.ofHours(1)), 0);
    private static final String BODY = "{\"type\":\"ping\",\"timestamp\":\"2026-12-04T10:00:00Z\",\"data\":{}}";

    private final SettableClock clock = new SettableClock();
    private final InMemoryWebhookStore store = new InMemoryWebhookStore(clock);
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final SecureRandom random = new SecureRandom();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable each : closing.reversed()) {
            each.close();
        }
    }

    @Test
    void delivers_aSignedJsonPostTheReferenceLibraryVerifies_andRecordsIt() throws Exception {
        WebhookReceiver receiver = receiver();
        Secret secret = WebhookSignature.newSecret(random);
        WebhookEndpoint endpoint = endpoint("we_signed", receiver.url(), secret);
        String body = "{\"type\":\"ping\",\"data\":{\"marker\":\"body-marker-7731\"}}";
        WebhookDelivery delivery = store.enqueue(endpoint.id(), "ping", body, clock.instant());

        String logs;
        try (StandardErrorCapture stderr = new StandardErrorCapture()) {
            dispatcher(ProviderUrlPolicy.allowingPrivate(), settings(QUICK));
            awaitStatus(delivery, DeliveryStatus.SUCCEEDED);
            logs = stderr.text();
        }

        Received request = receiver.received().getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.body()).isEqualTo(body);
        assertThat(request.header("content-type")).isEqualTo("application/json");
        assertThat(request.header("webhook-id")).isEqualTo(delivery.messageId());
        new Webhook(secret.reveal()).verify(request.body(), request.headers());
        assertThat(store.attempts(delivery.id())).singleElement()
                .satisfies(attempt -> assertThat(attempt.statusCode()).isEqualTo(204));
        assertThat(store.endpoint(endpoint.id()).orElseThrow().failingSince()).isNull();
        assertThat(logs).contains("webhook_delivery endpoint=we_signed delivery=" + delivery.id() + " message="
                + delivery.messageId() + " event=ping status=204 outcome=succeeded attempt=1 duration_ms=")
                .doesNotContain(secret.reveal()).doesNotContain("body-marker-7731");
        assertThat(metrics.scrape())
                .contains("tokenkeeper_webhook_attempts_total{endpoint=\"we_signed\",outcome=\"succeeded\"} 1.0");
    }

    @Test
    void prunes_deliveriesEndedBeforeTheResendWindow_andKeepsTheRecentOnes() {
        WebhookReceiver receiver = receiver();
        WebhookEndpoint endpoint = endpoint("we_prune", receiver.url(), WebhookSignature.newSecret(random));
        WebhookDelivery old = store.enqueue(endpoint.id(), "ping", BODY, clock.instant());
        WebhookDispatcher dispatcher = dispatcher(ProviderUrlPolicy.allowingPrivate(), settings(QUICK));
        awaitStatus(old, DeliveryStatus.SUCCEEDED);

        clock.advance(WebhookEndpointsApi.RESEND_LOOKBACK.plusDays(1));
        WebhookDelivery recent = store.enqueue(endpoint.id(), "ping", BODY, clock.instant());
        dispatcher.wake();

        awaitStatus(recent, DeliveryStatus.SUCCEEDED);
        await().atMost(WAIT).until(() -> store.delivery(old.id()).isEmpty());
        assertThat(store.attempts(old.id())).isEmpty();
        assertThat(store.delivery(recent.id())).isPresent();
    }

    @Test
    void retries_aServerErrorWithTheSameWebhookId_untilA2xx() {
        WebhookReceiver receiver = receiver();
        receiver.answerNext(Reply.status(503).withBody("{\"error\":\"busy\",\"access_token\":\"abc123\"}"),
                Reply.status(500));
        WebhookEndpoint endpoint = endpoint("we_retry", receiver.url(), WebhookSignature.newSecret(random));
        WebhookDelivery delivery = store.enqueue(endpoint.id(), "connection.needs_reauth", BODY, clock.instant());

        dispatcher(ProviderUrlPolicy.allowingPrivate(), settings(QUICK));
        awaitStatus(delivery, DeliveryStatus.SUCCEEDED);

        assertThat(receiver.received()).hasSize(3).extracting(r -> r.header("webhook-id"))
                .containsOnly(delivery.messageId());
        List<DeliveryAttempt> attempts = store.attempts(delivery.id());
        assertThat(attempts).extracting(DeliveryAttempt::statusCode).containsExactly(503, 500, 204);
        assertThat(attempts.getFirst().responseSnippet()).contains("busy").doesNotContain("abc123");
        assertThat(store.delivery(delivery.id()).orElseThrow().attempts()).isEqualTo(3);
    }

    @Test
    void delivers_afterRetries_whenTheReceiverComesUpAfterRefusingConnections() throws IOException {
        int port = freePort();
        URI url = URI.create("http://127.0.0.1:" + port + WebhookReceiver.PATH);
        WebhookEndpoint endpoint = endpoint("we_down", url, WebhookSignature.newSecret(random));
        WebhookDelivery delivery = store.enqueue(endpoint.id(), "connection.reactivated", BODY, clock.instant());
        dispatcher(ProviderUrlPolicy.allowingPrivate(), settings(new RetrySchedule(
                Collections.nCopies(1_000, Duration.ofMillis(100)), 0)));

        await().atMost(WAIT).until(() -> store.attempts(delivery.id()).size() >= 2);
        assertThat(store.attempts(delivery.id())).allSatisfy(attempt -> {
            assertThat(attempt.statusCode()).isNull();
            assertThat(attempt.error()).isEqualTo("connection refused");
        });
        assertThat(store.endpoint(endpoint.id()).orElseThrow().failingSince()).isNotNull();
        WebhookReceiver receiver = closeLater(WebhookReceiver.start(port));
        awaitStatus(delivery, DeliveryStatus.SUCCEEDED);

        assertThat(receiver.received()).singleElement()
                .satisfies(r -> assertThat(r.header("webhook-id")).isEqualTo(delivery.messageId()));
        assertThat(store.endpoint(endpoint.id()).orElseThrow().failingSince()).isNull();
    }

    @Test
    void gone_failsTheDelivery_andDisablesTheEndpoint() {
        WebhookReceiver receiver = receiver();
        receiver.answerAlways(Reply.status(410));
        WebhookEndpoint endpoint = endpoint("we_gone", receiver.url(), WebhookSignature.newSecret(random));
        WebhookDelivery delivery = store.enqueue(endpoint.id(), "ping", BODY, clock.instant());

        dispatcher(ProviderUrlPolicy.allowingPrivate(), settings(QUICK));
        awaitStatus(delivery, DeliveryStatus.FAILED);

        await().atMost(WAIT).until(() -> !store.endpoint(endpoint.id()).orElseThrow().enabled());
        assertThat(store.endpoint(endpoint.id()).orElseThrow().disabledReason()).isEqualTo("gone");
        assertThat(store.endpoint(endpoint.id()).orElseThrow().disabledAt()).isBetween(delivery.createdAt(),
                clock.instant());
        assertThat(store.attempts(delivery.id())).singleElement()
                .satisfies(attempt -> assertThat(attempt.statusCode()).isEqualTo(410));
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void aRedirect_isAFailedAttempt_andIsNotFollowed() {
        WebhookReceiver elsewhere = receiver();
        WebhookReceiver receiver = receiver();
        receiver.answerAlways(Reply.status(302).withHeader("Location", elsewhere.url().toString()));
        WebhookEndpoint endpoint = endpoint("we_redirect", receiver.url(), WebhookSignature.newSecret(random));
        WebhookDelivery delivery = store.enqueue(endpoint.id(), "ping", BODY, clock.instant());

        dispatcher(ProviderUrlPolicy.allowingPrivate(), settings(HOURLY));
        await().atMost(WAIT).until(() -> store.attempts(delivery.id()).size() == 1);

        assertThat(store.attempts(delivery.id()).getFirst().statusCode()).isEqualTo(302);
        WebhookDelivery after = store.delivery(delivery.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(after.nextAttemptAt()).isAfter(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(elsewhere.received()).isEmpty();
    }

    @Test
    void aReceiverSlowerThanTheTimeout_isAFailedAttempt() {
        WebhookReceiver receiver = receiver();
        receiver.answerAlways(Reply.status(200).after(Duration.ofMinutes(2)));
        WebhookEndpoint endpoint = endpoint("we_slow", receiver.url(), WebhookSignature.newSecret(random));
        WebhookDelivery delivery = store.enqueue(endpoint.id(), "ping", BODY, clock.instant());

        dispatcher(ProviderUrlPolicy.allowingPrivate(), settings(HOURLY).withTimeout(Duration.ofMillis(500)));
        await().atMost(WAIT).until(() -> store.attempts(delivery.id()).size() == 1);

        DeliveryAttempt attempt = store.attempts(delivery.id()).getFirst();
        assertThat(attempt.statusCode()).isNull();
        assertThat(attempt.error()).isEqualTo("no complete answer within 500 ms");
        assertThat(store.delivery(delivery.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void anEndpointOnARefusedAddress_isNeverContacted_whenPrivateAddressesAreNotAllowed() {
        WebhookReceiver receiver = receiver();
        WebhookEndpoint endpoint = endpoint("we_private", receiver.url(), WebhookSignature.newSecret(random));
        WebhookDelivery delivery = store.enqueue(endpoint.id(), "ping", BODY, clock.instant());

        dispatcher(new ProviderUrlPolicy(false, List::of, ProviderUrlPolicy.Resolver.system()), settings(HOURLY));
        await().atMost(WAIT).until(() -> store.attempts(delivery.id()).size() == 1);

        assertThat(store.attempts(delivery.id()).getFirst().error()).startsWith("not sent: the endpoint's URL")
                .contains(ProviderUrlPolicy.SETTING);
        assertThat(store.delivery(delivery.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void anEndpointThatIsTokenkeepersOwnListener_isNeverContacted_evenWithPrivateAddressesAllowed() {
        WebhookReceiver receiver = receiver();
        WebhookEndpoint endpoint = endpoint("we_self", receiver.url(), WebhookSignature.newSecret(random));
        WebhookDelivery delivery = store.enqueue(endpoint.id(), "ping", BODY, clock.instant());
        ProviderUrlPolicy policy = new ProviderUrlPolicy(true,
                () -> List.of(new InetSocketAddress("127.0.0.1", receiver.port())), ProviderUrlPolicy.Resolver.system());

        dispatcher(policy, settings(HOURLY));
        await().atMost(WAIT).until(() -> store.attempts(delivery.id()).size() == 1);

        assertThat(store.attempts(delivery.id()).getFirst().error()).contains("own listener");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void twoDispatchersOnOneStore_deliverEachDeliveryOnce() {
        WebhookReceiver receiver = receiver();
        receiver.answerAlways(Reply.status(200).after(Duration.ofMillis(20)));
        List<WebhookDelivery> deliveries = new ArrayList<>();
        for (String id : List.of("we_one", "we_two", "we_three")) {
            WebhookEndpoint endpoint = endpoint(id, receiver.url(), WebhookSignature.newSecret(random));
            IntStream.range(0, 20).forEach(i -> deliveries.add(
                    store.enqueue(endpoint.id(), "ping", BODY, clock.instant())));
        }

        dispatcher(ProviderUrlPolicy.allowingPrivate(), settings(QUICK), "instance-a");
        dispatcher(ProviderUrlPolicy.allowingPrivate(), settings(QUICK), "instance-b");
        deliveries.forEach(delivery -> awaitStatus(delivery, DeliveryStatus.SUCCEEDED));

        assertThat(receiver.received()).extracting(r -> r.header("webhook-id"))
                .containsExactlyInAnyOrderElementsOf(deliveries.stream().map(WebhookDelivery::messageId).toList());
    }

    @Test
    void aSlowEndpoint_getsAtMostItsPerEndpointBound_andDoesNotHoldUpAnother() {
        WebhookReceiver slow = receiver();
        slow.answerAlways(Reply.status(200).after(Duration.ofMinutes(2)));
        WebhookReceiver fast = receiver();
        WebhookEndpoint stuck = endpoint("we_stuck", slow.url(), WebhookSignature.newSecret(random));
        IntStream.range(0, 6).forEach(i -> store.enqueue(stuck.id(), "ping", BODY, clock.instant()));
        dispatcher(ProviderUrlPolicy.allowingPrivate(), settings(HOURLY).withTimeout(Duration.ofMinutes(1)));
        await().atMost(WAIT).until(() -> slow.received().size() == 4);

        WebhookEndpoint other = endpoint("we_other", fast.url(), WebhookSignature.newSecret(random));
        WebhookDelivery delivery = store.enqueue(other.id(), "ping", BODY, clock.instant());
        awaitStatus(delivery, DeliveryStatus.SUCCEEDED);

        assertThat(slow.received()).as("two wait for a free slot of their endpoint").hasSize(4);
        slow.close(); // ends the four exchanges, so the dispatcher stops without waiting for them
    }

    @Test
    void duringARotation_bothSecretsSign_andAfterItOnlyTheNewOne() throws Exception {
        WebhookReceiver receiver = receiver();
        Secret old = WebhookSignature.newSecret(random);
        Secret current = WebhookSignature.newSecret(random);
        Secret next = WebhookSignature.newSecret(random);
        WebhookEndpoint endpoint = endpoint("we_rotating", receiver.url(), old);
        store.rotateSecret(endpoint.id(), current, clock.instant().plus(Duration.ofHours(24)));
        WebhookDelivery during = store.enqueue(endpoint.id(), "ping", BODY, clock.instant());
        WebhookDispatcher dispatcher = dispatcher(ProviderUrlPolicy.allowingPrivate(), settings(QUICK));
        awaitStatus(during, DeliveryStatus.SUCCEEDED);

        store.rotateSecret(endpoint.id(), next, clock.instant().minusSeconds(1));
        WebhookDelivery after = store.enqueue(endpoint.id(), "ping", BODY, clock.instant());
        dispatcher.wake();
        awaitStatus(after, DeliveryStatus.SUCCEEDED);

        Received first = receiver.received().get(0);
        assertThat(first.header("webhook-signature").split(" ")).hasSize(2);
        new Webhook(old.reveal()).verify(first.body(), first.headers());
        new Webhook(current.reveal()).verify(first.body(), first.headers());
        Received second = receiver.received().get(1);
        assertThat(second.header("webhook-signature").split(" ")).hasSize(1);
        new Webhook(next.reveal()).verify(second.body(), second.headers());
        assertThat(WebhookSignature.verify(current, second.header("webhook-id"), second.header("webhook-timestamp"),
                second.body(), second.header("webhook-signature"), Instant.now()).valid()).isFalse();
    }

    @Test
    void anEndpointFailingForFiveDays_isDisabledAsFailing_andItsPendingDeliveriesFail() {
        WebhookReceiver receiver = receiver();
        receiver.answerAlways(Reply.status(500));
        WebhookEndpoint endpoint = endpoint("we_failing", receiver.url(), WebhookSignature.newSecret(random));
        WebhookDelivery delivery = store.enqueue(endpoint.id(), "ping", BODY, clock.instant());
        WebhookDispatcher dispatcher = dispatcher(ProviderUrlPolicy.allowingPrivate(), settings(HOURLY));
        await().atMost(WAIT).until(() -> store.attempts(delivery.id()).size() == 1);
        assertThat(store.endpoint(endpoint.id()).orElseThrow().enabled()).isTrue();

        clock.advance(Duration.ofDays(5).plusHours(2));
        Instant advanced = clock.instant();
        dispatcher.wake();

        await().atMost(WAIT).until(() -> !store.endpoint(endpoint.id()).orElseThrow().enabled());
        assertThat(store.endpoint(endpoint.id()).orElseThrow().disabledReason()).isEqualTo("failing");
        assertThat(store.endpoint(endpoint.id()).orElseThrow().disabledAt()).isBetween(advanced, clock.instant());
        assertThat(store.attempts(delivery.id())).hasSize(2);
        assertThat(store.delivery(delivery.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
    }

    @Test
    void aDeliveryOutOfRetries_isGivenUp() {
        WebhookReceiver receiver = receiver();
        receiver.answerAlways(Reply.status(503));
        WebhookEndpoint endpoint = endpoint("we_hopeless", receiver.url(), WebhookSignature.newSecret(random));
        WebhookDelivery delivery = store.enqueue(endpoint.id(), "ping", BODY, clock.instant());

        dispatcher(ProviderUrlPolicy.allowingPrivate(), settings(new RetrySchedule(
                List.of(Duration.ofMillis(50), Duration.ofMillis(50)), 0.2)));
        awaitStatus(delivery, DeliveryStatus.FAILED);

        assertThat(store.attempts(delivery.id())).hasSize(3);
        assertThat(store.delivery(delivery.id()).orElseThrow().nextAttemptAt()).isNull();
        assertThat(store.endpoint(endpoint.id()).orElseThrow().enabled()).isTrue();
    }

    private WebhookEndpoint endpoint(String id, URI url, Secret secret) {
        Instant now = clock.instant();
        return store.createEndpoint(new WebhookEndpoint(id, url, null, Set.of(), true, null, null, now, now), secret);
    }

    private WebhookDispatcher.Settings settings(RetrySchedule retries) {
        return WebhookDispatcher.Settings.defaults().withRetries(retries);
    }

    private WebhookDispatcher dispatcher(ProviderUrlPolicy policy, WebhookDispatcher.Settings settings) {
        return dispatcher(policy, settings, "instance-a");
    }

    private WebhookDispatcher dispatcher(ProviderUrlPolicy policy, WebhookDispatcher.Settings settings,
            String holder) {
        WebhookDispatcher dispatcher = closeLater(
                new WebhookDispatcher(store, policy, clock, holder, settings, metrics));
        dispatcher.start();
        return dispatcher;
    }

    private WebhookReceiver receiver() {
        return closeLater(WebhookReceiver.start());
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        closing.add(closeable);
        return closeable;
    }

    private void awaitStatus(WebhookDelivery delivery, DeliveryStatus status) {
        await().atMost(WAIT).until(() -> store.delivery(delivery.id()).orElseThrow().status() == status);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
