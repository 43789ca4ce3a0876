package dev.tokenkeeper.server.http;

import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.server.TestService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that says {@code Connection: close} gets its answer and then the end of the stream: the server closes the
 * connection instead of keeping it open for minutes.
 */
class ConnectionCloseTest {
    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        "GET /health/live HTTP/1.1\r\nHost: localhost\r\nconnection: Keep-Alive, Close\r\n\r\n",
        "GET /v1/connections HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        "GET /v1/nothing-here HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer KEY\r\nConnection: close\r\n\r\n",
        "GET /v1/connections HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer KEY\r\nConnection: close\r\n\r\n",
        "POST /v1/connections HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer KEY\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"})
    void server_closesTheConnectionAfterTheAnswer_whenTheRequestSaysConnectionClose(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), service.tokenkeeper.port())) {
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write(request.replace("KEY", service.apiKey.reveal()).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();

            await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> readUntilEndOrPause(in));
        }
    }

    /** Reads what is there; true at the end of the stream, false when nothing came for a moment. */
    private static boolean readUntilEndOrPause(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException pause) {
            return false;
        }
    }
}
