package dev.tokenkeeper.server.proxy;

import dev.tokenkeeper.server.http.Problems;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/**
 * Answers the caller with the provider's response: its status, its end-to-end headers, Tokenkeeper's marks, and its
 * body streamed as it arrives (never held whole in memory).
 */
final class ResponseRelay {
    private static final int BUFFER = 16 * 1024;

    private ResponseRelay() {}

    /**
     * Relays {@code answer}; {@code remoteError} marks it {@code Tokenkeeper-Remote-Error: true} and {@code marks}
     * adds Tokenkeeper's other headers. When the provider breaks off mid-body the exchange is aborted (an exception,
     * not a clean end), so that the caller never takes a cut body for a whole one.
     */
    static void relay(ProviderAnswer answer, ServerResponse response, boolean remoteError,
            Map<String, String> marks, Duration bodyIdleTimeout) {
        response.status(answer.status());
        ForwardedHeaders.toCaller(answer.headers()).forEach((name, values) ->
                response.header(name, values.toArray(String[]::new)));
        if (remoteError) {
            response.header(Problems.REMOTE_ERROR_HEADER, "true");
        }
        marks.forEach(response::header);
        try (InputStream body = answer.body(); IdleWatchdog watchdog = new IdleWatchdog(body, bodyIdleTimeout)) {
            try {
                stream(body, response, watchdog);
            } catch (IOException e) {
                throw new UncheckedIOException(watchdog.fired()
                        ? "the provider's body stalled for longer than " + watchdog.idle()
                        : "the provider's body broke off", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the provider's body could not be closed", e);
        }
    }

    private static void stream(InputStream body, ServerResponse response, IdleWatchdog watchdog) throws IOException {
        byte[] buffer = new byte[BUFFER];
        watchdog.arm();
        int first = body.read(buffer);
        if (first < 0) {
            response.send();
            return;
        }
        OutputStream out = response.outputStream();
        for (int n = first; n >= 0; n = body.read(buffer)) {
            out.write(buffer, 0, n);
            if (body.available() == 0) {
                out.flush(); // what has arrived goes on before waiting for more (long polls, event streams)
            }
            watchdog.arm();
        }
        out.close();
    }
}
