package dev.tokenkeeper.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import dev.tokenkeeper.server.logging.LogFormat;
import dev.tokenkeeper.server.logging.ServiceLogging;

/**
 * {@code ./tokenkeeper bench [seconds] [concurrency] [connections]}: the load on Tokenkeeper's request paths over
 * loopback — {@code POST /v1/connections/{id}/token} alternating in windows with a plain JDK HTTP server that
 * answers a static JSON of the same size (the baseline of the token path), the proxied {@code GET /v1/proxy/{id}/echo/x} (skipped, saying
 * so, in a build without the proxy) and, as the baseline of the same run, the same GET sent straight to the fake
 * provider with the bearer token — printed as a Markdown table with the proxy's added latency and throughput ratio.
 */
public final class LoadBench {
    private static final String PROXY_PATH = "/echo/x";

    private LoadBench() {}

    public static void main(String[] args) throws InterruptedException {
        ServiceLogging.use(LogFormat.HUMAN);
        ServiceLogging.onlyWarnings(org.slf4j.Logger.ROOT_LOGGER_NAME);
        BenchSettings settings;
        try {
            settings = BenchSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + "; usage: ./tokenkeeper bench [seconds] [concurrency]"
                    + " [connections]");
            System.exit(2);
            return;
        }
        run(settings, System.out, System.err);
    }

    /** Runs every phase and prints the report to {@code out}, progress to {@code progress}. */
    static void run(BenchSettings settings, PrintStream out, PrintStream progress) throws InterruptedException {
        progress.printf("bench: starting Tokenkeeper and a fake provider, importing %,d connections%n",
                settings.connections());
        try (BenchTarget target = BenchTarget.start(settings.connections());
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                StaticJsonServer baseline = StaticJsonServer.start(tokenAnswerBytes(client, target))) {
            LoadPhase phase = new LoadPhase(client, settings, target.connections());
            List<PhaseResult> results = new ArrayList<>();
            int windows = windows(settings);
            progress.printf("bench: token requests and the static-JSON baseline, alternating in %d windows each%n",
                    windows);
            Map<String, Function<BenchTarget.Imported, HttpRequest>> alternating = new LinkedHashMap<>();
            alternating.put("token: `POST /v1/connections/{id}/token`", connection ->
                    withKey(target, "/v1/connections/" + connection.id() + "/token")
                            .POST(HttpRequest.BodyPublishers.noBody()).build());
            alternating.put("static JSON (baseline): JDK `HttpServer`, same body size", connection ->
                    withKey(baseline.url()).POST(HttpRequest.BodyPublishers.noBody()).build());
            List<PhaseResult> tokenAndStatic = phase.alternate(alternating, windows);
            results.addAll(tokenAndStatic);
            String proxyMissing = proxyMissing(client, target);
            PhaseResult proxy = null;
            if (proxyMissing == null) {
                progress.println("bench: proxied requests");
                proxy = phase.run("proxy: `GET /v1/proxy/{id}" + PROXY_PATH + "`", connection ->
                        withKey(target, "/v1/proxy/" + connection.id() + PROXY_PATH).GET().build());
                results.add(proxy);
            }
            progress.println("bench: direct requests to the provider (baseline)");
            PhaseResult direct = phase.run("direct (baseline): `GET {provider}" + PROXY_PATH + "`", connection ->
                    request(target.providerUrl().resolve(PROXY_PATH))
                            .header("Authorization", "Bearer " + connection.accessToken().reveal()).GET().build());
            results.add(direct);
            out.println(header(settings));
            out.println(LoadReport.table(results));
            out.println(LoadReport.againstStatic(tokenAndStatic.get(0), tokenAndStatic.get(1), windows));
            out.println(proxy != null ? LoadReport.proxyOverhead(proxy, direct)
                    : "Proxy phase skipped: " + proxyMissing + ".");
        } catch (IOException e) {
            throw new UncheckedIOException("the static-JSON baseline server did not start", e);
        }
    }

    /** How many alternating windows the token and static phases get: one per 5 s of the phase, 2 to 6. */
    static int windows(BenchSettings settings) {
        return (int) Math.clamp(settings.phase().toSeconds() / 5, 2, 6);
    }

    /** The size of one token answer, which the static baseline answers with as many bytes. */
    private static int tokenAnswerBytes(HttpClient client, BenchTarget target) throws InterruptedException {
        String path = "/v1/connections/" + target.connections().getFirst().id() + "/token";
        try {
            HttpResponse<byte[]> answer = client.send(withKey(target, path).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the first token request answered " + answer.statusCode());
            }
            return answer.body().length;
        } catch (IOException e) {
            throw new UncheckedIOException("the first token request failed", e);
        }
    }

    /** Null when the proxy answers, else why it is taken for missing (only a 404 {@code no_route} counts). */
    private static String proxyMissing(HttpClient client, BenchTarget target) throws InterruptedException {
        String path = "/v1/proxy/" + target.connections().getFirst().id() + PROXY_PATH;
        try {
            HttpResponse<String> answer = client.send(withKey(target, path).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 404 && answer.body().contains("\"no_route\"")
                    ? "this build has no proxy (GET /v1/proxy/{id}" + PROXY_PATH + " answered 404 no_route)" : null;
        } catch (java.io.IOException e) {
            return "the proxy probe failed (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static String header(BenchSettings settings) {
        Runtime runtime = Runtime.getRuntime();
        return String.format("%s, %d cores, Java %s, %s %s; %,d connections, %d closed-loop virtual-thread clients,"
                        + " each phase %d s after a %d s warm-up; loopback, one JVM.%n", LocalDate.now(),
                runtime.availableProcessors(), System.getProperty("java.version"), System.getProperty("os.name"),
                System.getProperty("os.arch"), settings.connections(), settings.concurrency(),
                settings.phase().toSeconds(), settings.warmup().toSeconds());
    }

    private static HttpRequest.Builder withKey(BenchTarget target, String path) {
        return request(target.tokenkeeperUrl().resolve(path))
                .header("Authorization", "Bearer " + target.apiKey().reveal());
    }

    /** A request to the static baseline, with the same Authorization header the token requests carry. */
    private static HttpRequest.Builder withKey(URI staticUrl) {
        return request(staticUrl).header("Authorization", "Bearer static-baseline-key");
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(LoadPhase.REQUEST_TIMEOUT);
    }
}
