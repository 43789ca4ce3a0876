package dev.tokenkeeper.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkeeper.core.apikey.ApiKeys;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.ServerSettings;
import dev.tokenkeeper.server.TokenPathSettings;
import dev.tokenkeeper.server.Tokenkeeper;
import dev.tokenkeeper.server.demo.DemoProviders;
import dev.tokenkeeper.server.demo.ScratchTokenkeeper;
import dev.tokenkeeper.server.logging.LogFormat;
import dev.tokenkeeper.server.logging.ServiceLogging;
import dev.tokenkeeper.server.webhook.WebhookDispatcher;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.webhook.WebhookReceiver;
import dev.tokenkeeper.fake.webhook.WebhookReceiver.Received;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * {@code ./tokenkeeper bench webhooks [transitions] [clients]}: webhook deliveries per second to a local receiver and
 * their lag. A Tokenkeeper on a scratch embedded PostgreSQL and a {@link WebhookReceiver} on loopback; connections
 * are deleted through {@code DELETE /v1/connections/{id}} by closed-loop clients, each delete a
 * {@code connection.deleted} event, first with no webhook endpoint (the baseline of the write path), then with one
 * endpoint receiving them while they are made (deliveries per second and the lag from the event's {@code timestamp}
 * to its arrival); then the whole range is resent at once (the dispatcher draining a backlog), and the receiver's own
 * rate is measured with a plain JDK HTTP client sending the same requests at the dispatcher's per-endpoint bound.
 */
public final class WebhookBench {
    static final int MAX_TRANSITIONS = 50_000;
    static final int MAX_CLIENTS = 256;
    /** The steady phase: transitions per second, and at most this many of them. */
    static final int PACED_RATE = 100;
    static final int PACED_MAX = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookBench() {}

    public static void main(String[] args) throws InterruptedException {
        ServiceLogging.use(LogFormat.HUMAN);
        ServiceLogging.onlyWarnings(org.slf4j.Logger.ROOT_LOGGER_NAME);
        int transitions;
        int clients;
        try {
            transitions = argument(args, 0, 5_000, MAX_TRANSITIONS);
            clients = argument(args, 1, 16, MAX_CLIENTS);
        } catch (IllegalArgumentException e) {
            System.err.println("bench webhooks: " + e.getMessage()
                    + "; usage: ./tokenkeeper bench webhooks [transitions] [clients]");
            System.exit(2);
            return;
        }
        run(transitions, clients, System.out, System.err);
    }

    /** Runs every phase and prints the report to {@code out}, progress to {@code progress}. */
    static void run(int transitions, int clients, PrintStream out, PrintStream progress) throws InterruptedException {
        Secret apiKey = ApiKeys.generate();
        int perEndpoint = WebhookDispatcher.Settings.defaults().perEndpoint();
        progress.printf("bench webhooks: starting Tokenkeeper, a fake provider and a receiver; %,d transitions%n",
                transitions);
        try (ScratchTokenkeeper scratch = ScratchTokenkeeper.start(new ServerSettings("127.0.0.1", 0,
                URI.create("http://127.0.0.1:" + ServerSettings.DEFAULT_PORT), apiKey).withAllowPrivateUrls(true)
                .withTokenPath(TokenPathSettings.fromEnvironment(System.getenv())),
                false);
                WebhookReceiver receiver = WebhookReceiver.start();
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build()) {
            FakeProvider provider = FakeProvider.start();
            scratch.closeFirst(provider);
            Tokenkeeper tokenkeeper = scratch.tokenkeeper();
            tokenkeeper.parts().providers().save(DemoProviders.config(BenchTarget.PROVIDER, provider,
                    FakeProvider.DEFAULT_CLIENT_ID, Secret.of(FakeProvider.DEFAULT_CLIENT_SECRET)).build());
            URI base = tokenkeeper.baseUrl();
            Function<String, HttpRequest> delete = id -> WebhookLoad.api(base, apiKey, "/v1/connections/" + id)
                    .DELETE().build();
            Arrivals arrivals = new Arrivals(receiver);

            progress.println("bench webhooks: transitions without a webhook endpoint (baseline)");
            List<String> plain = WebhookLoad.importConnections(tokenkeeper, provider, "plain", transitions);
            WebhookLoad.Sent withoutEndpoint = WebhookLoad.send(client, clients, transitions,
                    i -> delete.apply(plain.get(i)));

            progress.println("bench webhooks: transitions with one endpoint receiving them");
            String endpoint = createEndpoint(client, base, apiKey, receiver.url());
            List<String> hooked = WebhookLoad.importConnections(tokenkeeper, provider, "hooked", transitions);
            Instant liveStart = Instant.now();
            WebhookLoad.Sent withEndpoint = WebhookLoad.send(client, clients, transitions,
                    i -> delete.apply(hooked.get(i)));
            List<Received> live = arrivals.await(transitions, progress);

            int paced = Math.min(transitions, PACED_MAX);
            progress.printf("bench webhooks: %,d transitions at a steady %d per second%n", paced, PACED_RATE);
            List<String> steady = WebhookLoad.importConnections(tokenkeeper, provider, "paced", paced);
            Instant pacedStart = Instant.now();
            WebhookLoad.Sent pacedSent = WebhookLoad.pace(client, PACED_RATE, paced,
                    i -> delete.apply(steady.get(i)));
            List<Received> pacedLive = arrivals.await(paced, progress);

            progress.println("bench webhooks: the same range resent at once (a backlog drained)");
            Instant resendStart = Instant.now();
            resendAll(client, base, apiKey, endpoint, liveStart.minusSeconds(60), pacedStart);
            List<Received> drained = arrivals.await(transitions, progress);

            progress.printf("bench webhooks: the receiver's own rate, a JDK client at %d at once (baseline)%n",
                    perEndpoint);
            Received sample = live.getFirst();
            Map<String, String> headers = Map.of("content-type", "application/json", "webhook-id",
                    sample.header("webhook-id"), "webhook-timestamp", sample.header("webhook-timestamp"),
                    "webhook-signature", sample.header("webhook-signature"));
            WebhookLoad.Sent raw = WebhookLoad.send(client, perEndpoint, transitions,
                    i -> WebhookLoad.webhook(receiver.url(), sample.body(), headers));
            arrivals.await(transitions, progress);

            out.println(WebhookReport.header(transitions, clients, perEndpoint));
            out.println(WebhookReport.table(withoutEndpoint, withEndpoint,
                    deliveries(live, liveStart, WebhookBench::eventTime), pacedSent,
                    deliveries(pacedLive, pacedStart, WebhookBench::eventTime),
                    deliveries(drained, resendStart, received -> resendStart), raw, clients, perEndpoint));
            out.println(WebhookReport.checks(transitions, live, drained,
                    liveStart.plus(withEndpoint.elapsed())));
        }
    }

    /** Deliveries seen by the receiver: how many, over how long from {@code start}, and their lag. */
    record Deliveries(int count, Duration elapsed, Histogram lagMicros, int distinctIds) {
        double perSecond() {
            return count / (elapsed.toNanos() / 1e9);
        }
    }

    private static Deliveries deliveries(List<Received> received, Instant start, Function<Received, Instant> from) {
        Histogram lag = new Histogram(WebhookLoad.HIGHEST_MICROS, 3);
        Instant last = start;
        Set<String> ids = new HashSet<>();
        for (Received each : received) {
            long micros = Duration.between(from.apply(each), each.receivedAt()).toNanos() / 1000;
            lag.recordValue(Math.clamp(micros, 0, WebhookLoad.HIGHEST_MICROS));
            last = each.receivedAt().isAfter(last) ? each.receivedAt() : last;
            ids.add(each.header("webhook-id"));
        }
        return new Deliveries(received.size(), Duration.between(start, last), lag, ids.size());
    }

    /** The event's time, from the body's {@code timestamp}. */
    private static Instant eventTime(Received received) {
        try {
            return Instant.parse(JSON.readTree(received.body()).path("timestamp").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String createEndpoint(HttpClient client, URI base, Secret apiKey, URI url)
            throws InterruptedException {
        String body = JSON.createObjectNode().put("url", url.toString())
                .set("events", JSON.createArrayNode().add("connection.deleted")).toString();
        JsonNode created = call(client, WebhookLoad.api(base, apiKey, "/v1/webhook-endpoints")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        return created.path("id").asText();
    }

    /** Resends every delivery of the range, succeeded ones included, following {@code next_from}. */
    private static void resendAll(HttpClient client, URI base, Secret apiKey, String endpoint, Instant from,
            Instant to) throws InterruptedException {
        Instant next = from;
        for (int call = 0; next != null && call < MAX_TRANSITIONS; call++) {
            String body = JSON.createObjectNode().put("from", next.toString()).put("to", to.toString())
                    .put("include_succeeded", true).toString();
            JsonNode answer = call(client, WebhookLoad.api(base, apiKey, "/v1/webhook-endpoints/" + endpoint
                    + "/resend").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            next = answer.path("next_from").isTextual() ? Instant.parse(answer.path("next_from").asText()) : null;
        }
    }

    private static JsonNode call(HttpClient client, HttpRequest request) throws InterruptedException {
        try {
            HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.uri().getPath() + " answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int argument(String[] args, int index, int fallback, int max) {
        if (args.length <= index || args[index].isBlank()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(args[index].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument " + (index + 1) + " must be a whole number, not '"
                    + args[index] + "'");
        }
        if (value < 1 || value > max) {
            throw new IllegalArgumentException("argument " + (index + 1) + " must be from 1 to " + max);
        }
        return value;
    }

    /** Counts the receiver's requests as they arrive, so a phase waits for its own without polling. */
    private static final class Arrivals {
        /** However slow the machine, a phase gives up after this long without a new arrival. */
        private static final Duration STALL = Duration.ofMinutes(2);
        private final WebhookReceiver receiver;
        private final Semaphore arrived = new Semaphore(0);
        private int taken;

        Arrivals(WebhookReceiver receiver) {
            this.receiver = receiver;
            receiver.onReceive(request -> arrived.release());
        }

        /** Waits for the next {@code count} requests and answers them, in arrival order. */
        List<Received> await(int count, PrintStream progress) throws InterruptedException {
            for (int got = 0; got < count; got++) {
                if (!arrived.tryAcquire(STALL.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("only " + got + " of " + count + " requests reached the receiver;"
                            + " none for " + STALL.toMinutes() + " minutes");
                }
            }
            List<Received> all = receiver.received();
            List<Received> mine = all.subList(taken, taken + count);
            taken += count;
            progress.printf("bench webhooks: %,d requests received%n", count);
            return List.copyOf(mine);
        }
    }
}
