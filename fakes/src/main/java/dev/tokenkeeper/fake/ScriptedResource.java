package dev.tokenkeeper.fake;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resource endpoints that answer as the request says, behind a valid Bearer token: {@code ANY /respond} (query
 * {@code status}, repeated {@code header=Name:Value}, {@code body}, {@code delay_ms}) and {@code GET /stream?bytes=N}
 * (N bytes of {@link FakeProvider#streamedByte}, written in chunks and held where the {@link StreamGate} says).
 */
final class ScriptedResource {
    /** The most bytes one {@code /stream} answer sends. */
    static final long MAX_STREAM_BYTES = 1L << 30;
    private static final int CHUNK = 64 * 1024;

    private final ResourceHandler resource;
    private final Pauses pauses;
    private final StreamGate gate;

    ScriptedResource(ResourceHandler resource, Pauses pauses, StreamGate gate) {
        this.resource = resource;
        this.pauses = pauses;
        this.gate = gate;
    }

    HttpReply respond(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        return resource.authorized(exchange, token -> {
            Map<String, String> headers = new LinkedHashMap<>();
            int status = 200;
            String body = "";
            long delayMillis = 0;
            String query = exchange.getRequestURI().getRawQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = Form.decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : Form.decode(pair.substring(eq + 1));
                switch (name) {
                    case "status" -> status = Integer.parseInt(value);
                    case "header" -> headers.put(value.substring(0, value.indexOf(':')).strip(),
                            value.substring(value.indexOf(':') + 1).strip());
                    case "body" -> body = value;
                    case "delay_ms" -> delayMillis = Long.parseLong(value);
                    default -> { }
                }
            }
            pauses.pause(Duration.ofMillis(delayMillis));
            return HttpReply.verbatim(status, headers, body);
        });
    }

    /** Streams the answer itself; returns {@link HttpReply#DROPPED} once it is sent (closing ends the exchange). */
    HttpReply stream(HttpExchange exchange) throws IOException {
        HttpReply refusal = resource.refusal(exchange);
        if (refusal != null) {
            return refusal;
        }
        Form query = Form.parse(exchange.getRequestURI().getRawQuery());
        long total = Math.min(MAX_STREAM_BYTES, Long.parseLong(query.get("bytes") == null ? "0" : query.get("bytes")));
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            write(out, total);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return HttpReply.DROPPED;
    }

    private void write(OutputStream out, long total) throws IOException, InterruptedException {
        byte[] chunk = new byte[CHUNK];
        long written = 0;
        while (written < total) {
            if (gate.allowance(written) == 0) {
                out.flush();
                gate.awaitPassage(written);
            }
            int n = (int) Math.min(CHUNK, Math.min(total - written, gate.allowance(written)));
            for (int i = 0; i < n; i++) {
                chunk[i] = FakeProvider.streamedByte(written + i);
            }
            out.write(chunk, 0, n);
            written += n;
        }
    }
}
