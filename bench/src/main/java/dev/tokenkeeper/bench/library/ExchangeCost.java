package dev.tokenkeeper.bench.library;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.JdkHttpTokenEndpoint;
import dev.tokenkeeper.core.refresh.RefreshRequests;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What one refresh exchange costs over the endpoint's own latency: the fake provider answers every token request
 * after a fixed delay, and sequential refreshes of a rotating grant go alternately (first one, then the other
 * first) through
 * {@link JdkHttpTokenEndpoint} and through a bare JDK HTTP client POST of the same form, each timed alone.
 */
final class ExchangeCost {
    static final Duration LATENCY = Duration.ofMillis(10);
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExchangeCost() {}

    /** {@code ./tokenkeeper bench exchange [rounds] [busy threads]} (defaults 200, 16): this measurement alone. */
    public static void main(String[] args) throws IOException, InterruptedException {
        dev.tokenkeeper.server.logging.ServiceLogging.use(dev.tokenkeeper.server.logging.LogFormat.HUMAN);
        dev.tokenkeeper.server.logging.ServiceLogging.onlyWarnings(org.slf4j.Logger.ROOT_LOGGER_NAME);
        int rounds = args.length > 0 ? Integer.parseInt(args[0].strip()) : LibraryBench.EXCHANGE_ROUNDS;
        int busy = args.length > 1 ? Integer.parseInt(args[1].strip()) : 16;
        if (rounds < 1 || rounds > 100_000 || busy < 0 || busy > 1024) {
            System.err.println("bench exchange: rounds must be from 1 to 100000 and busy threads from 0 to 1024");
            System.exit(2);
        }
        System.out.println(run(rounds, busy));
    }

    /**
     * Runs {@code rounds} refreshes each way after a warm-up of a tenth as many, on a quiet JVM and then while
     * {@code busyThreads} platform threads keep every core busy (as the load threads of the library bench do), and
     * reports both as Markdown.
     */
    static String run(int rounds, int busyThreads) throws IOException, InterruptedException {
        String quiet = run(rounds, "quiet");
        try (BusyThreads busy = BusyThreads.start(busyThreads)) {
            return quiet + "\n" + run(rounds, busyThreads + " busy threads");
        }
    }

    private static String run(int rounds, String conditions) throws IOException, InterruptedException {
        try (FakeProvider provider = FakeProvider.start();
                JdkHttpTokenEndpoint endpoint = new JdkHttpTokenEndpoint(InstantSource.system());
                HttpClient bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build()) {
            provider.quirks().tokenLatency(LATENCY).refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
            ProviderConfig config = Scenario.config(provider);
            String viaEndpoint = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read").refreshToken();
            String viaBare = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read").refreshToken();
            Histogram endpointNanos = GetTally.histogram();
            Histogram bareNanos = GetTally.histogram();
            int warmup = Math.max(10, rounds / 10);
            for (int i = 0; i < warmup + rounds; i++) {
                Histogram endpointInto = i < warmup ? GetTally.histogram() : endpointNanos;
                Histogram bareInto = i < warmup ? GetTally.histogram() : bareNanos;
                if (i % 2 == 0) {
                    viaEndpoint = throughEndpoint(endpoint, config, viaEndpoint, endpointInto);
                    viaBare = throughBare(bare, config, viaBare, bareInto);
                } else {
                    viaBare = throughBare(bare, config, viaBare, bareInto);
                    viaEndpoint = throughEndpoint(endpoint, config, viaEndpoint, endpointInto);
                }
            }
            return report(rounds, conditions, endpointNanos, bareNanos, provider.revokedGrants().size());
        }
    }

    private static String throughEndpoint(JdkHttpTokenEndpoint endpoint, ProviderConfig config, String refreshToken,
            Histogram into) throws IOException {
        long start = System.nanoTime();
        TokenEndpointReply reply = endpoint.exchange(RefreshRequests.refresh(config, Secret.of(refreshToken)),
                DEADLINE);
        into.recordValue(System.nanoTime() - start);
        if (!(reply instanceof TokenEndpointReply.HttpReply http) || http.status() != 200) {
            throw new IllegalStateException("a refresh through the endpoint failed: " + reply.getClass()
                    .getSimpleName());
        }
        return JSON.readTree(http.body()).path("refresh_token").asText();
    }

    private static String throughBare(HttpClient client, ProviderConfig config, String refreshToken, Histogram into)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(config.refreshEndpoint()).timeout(DEADLINE)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .header("Authorization", Scenario.basicAuth())
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token="
                        + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8))).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        into.recordValue(System.nanoTime() - start);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("a bare refresh answered " + response.statusCode());
        }
        return JSON.readTree(response.body()).path("refresh_token").asText();
    }

    private static String report(int rounds, String conditions, Histogram endpoint, Histogram bare, int revoked) {
        return String.format(Locale.ROOT, """
                | refresh exchange (provider latency %d ms), %,d sequential each, alternating, %s | mean ms \
                | p50 ms | p90 ms | p99 ms | max ms |
                |---|---|---|---|---|---|
                %s
                %s

                What `JdkHttpTokenEndpoint` adds over the bare client (the issue's bar: ≤ 1 ms): mean %+.2f ms,\
                 p50 %+.2f ms, p99 %+.2f ms. Over the provider's configured delay, p50: endpoint %+.2f ms, bare\
                 %+.2f ms (the fake provider's and the JDK client's own share, all in this JVM); grants revoked: %d.
                """, LATENCY.toMillis(), rounds, conditions, row("`JdkHttpTokenEndpoint.exchange`", endpoint),
                row("bare `HttpClient.send` of the same form", bare),
                (endpoint.getMean() - bare.getMean()) / 1e6,
                (endpoint.getValueAtPercentile(50) - bare.getValueAtPercentile(50)) / 1e6,
                (endpoint.getValueAtPercentile(99) - bare.getValueAtPercentile(99)) / 1e6,
                endpoint.getValueAtPercentile(50) / 1e6 - LATENCY.toMillis(),
                bare.getValueAtPercentile(50) / 1e6 - LATENCY.toMillis(), revoked);
    }

    private static String row(String name, Histogram nanos) {
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f |", name, nanos.getMean() / 1e6,
                nanos.getValueAtPercentile(50) / 1e6, nanos.getValueAtPercentile(90) / 1e6,
                nanos.getValueAtPercentile(99) / 1e6, nanos.getMaxValue() / 1e6);
    }
}
