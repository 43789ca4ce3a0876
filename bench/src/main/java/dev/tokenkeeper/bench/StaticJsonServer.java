package dev.tokenkeeper.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The service bench's baseline: a plain JDK {@code HttpServer} on loopback, one virtual thread per exchange, that
 * answers every request with the same JSON body, as long as a token answer, so the load client's cost per request
 * is the same and the ratio shows what Tokenkeeper's token path adds.
 */
final class StaticJsonServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final byte[] body;

    private StaticJsonServer(HttpServer server, byte[] body) {
        this.server = server;
        this.body = body;
    }

    /** Starts on a free loopback port, answering a JSON object of exactly {@code bytes} bytes (at least 16). */
    static StaticJsonServer start(int bytes) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        StaticJsonServer baseline = new StaticJsonServer(server, json(bytes));
        server.createContext("/", baseline::answer);
        server.setExecutor(baseline.executor);
        server.start();
        return baseline;
    }

    /** {@code {"static":"xxx…"}} padded to {@code bytes} bytes. */
    static byte[] json(int bytes) {
        String open = "{\"static\":\"";
        String close = "\"}";
        int padding = Math.max(0, bytes - open.length() - close.length());
        return (open + "x".repeat(padding) + close).getBytes(StandardCharsets.UTF_8);
    }

    /** Where to send requests. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/static/token");
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream request = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
            request.transferTo(OutputStream.nullOutputStream());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
