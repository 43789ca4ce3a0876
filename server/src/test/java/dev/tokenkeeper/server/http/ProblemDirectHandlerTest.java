package dev.tokenkeeper.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.server.ServiceBackedTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Requests the HTTP layer refuses before routing still get problem documents, never Helidon's plain text. */
class ProblemDirectHandlerTest extends ServiceBackedTest {

    @Test
    void aMalformedHeader_getsABadRequestProblem_thatDoesNotQuoteIt() throws IOException {
        String answer = exchange("GET /v1/connections HTTP/1.1\r\nHost: x\r\nAuthorization Bearer tk_secretish\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).contains("application/problem+json").contains("\"code\":\"bad_request\"");
        assertThat(answer).doesNotContain("tk_secretish");
    }

    @Test
    void aBodyDeclaredLargerThanTheServerAccepts_getsA413Problem() throws IOException {
        String answer = exchange("POST /v1/connections HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + service.apiKey.reveal() + "\r\nContent-Length: 999999999999\r\n\r\n{}");

        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer).contains("\"code\":\"body_too_large\"");
    }

    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), service.tokenkeeper.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            StringBuilder answer = new StringBuilder();
            int read;
            while (!answer.toString().contains("}") && (read = in.read(buffer)) > 0) {
                answer.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            }
            return answer.toString();
        }
    }
}
