package dev.tokenkeeper.server.action;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A provider's API on loopback that answers from a script, in order (then 200 {@code {"ok":true}}), and records every
 * request it gets: for the runner's retries, replays and resends, which the fake provider's fixed endpoints cannot
 * script. It checks no token: the token's life is the fake provider's business.
 */
final class ScriptedApi implements AutoCloseable {
    /** One request as it arrived. */
    record Request(String method, String path, String query, Map<String, List<String>> headers, String body,
            Instant at) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    /** One scripted answer; {@code gate} (or null) holds it until counted down. */
    record Reply(int status, Map<String, String> headers, String body, CountDownLatch gate) {
        static Reply of(int status, Map<String, String> headers, String body) {
            return new Reply(status, headers, body, null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    ScriptedApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::answer);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
    }

    /** Adds answers to the script, in order. */
    void then(Reply... replies) {
        script.addAll(List.of(replies));
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests whose path ends with {@code suffix}. */
    List<Request> requestsTo(String suffix) {
        return requests.stream().filter(request -> request.path().endsWith(suffix)).toList();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body,
                Instant.now()));
        Reply reply = script.poll();
        if (reply == null) {
            reply = Reply.of(200, Map.of("Content-Type", "application/json"), "{\"ok\":true}");
        }
        if (reply.gate() != null) {
            try {
                reply.gate().await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
