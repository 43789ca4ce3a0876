package dev.tokenkeeper.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    @Test
    void toProvider_keepsEndToEndHeaders_andDropsHopByHopCredentialsAndOwnOnes() {
        WritableHeaders<?> incoming = WritableHeaders.create();
        incoming.set(HeaderNames.create("Connection"), "keep-alive, X-Hop");
        incoming.set(HeaderNames.create("X-Hop"), "named");
        for (String hop : List.of("Keep-Alive", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding",
                "Upgrade", "Authorization", "Host", "Content-Length", "Expect", "Tokenkeeper-Replay")) {
            incoming.set(HeaderNames.create(hop), "x");
        }
        incoming.set(HeaderNames.create("Accept"), "application/json");
        incoming.add(HeaderNames.create("X-Many"), "1", "2");
        incoming.set(HeaderNames.create("Accept-Encoding"), "gzip");

        Map<String, List<String>> kept = ForwardedHeaders.toProvider(incoming, true);

        assertThat(kept).containsOnlyKeys("Accept", "X-Many", "Accept-Encoding");
        assertThat(kept.get("X-Many")).containsExactly("1", "2");
        assertThat(ForwardedHeaders.toProvider(incoming, false)).containsOnlyKeys("Accept", "X-Many");
    }

    @Test
    void toCaller_keepsSetCookieAndEndToEndHeaders_andDropsHopByHopLengthAndOwnOnes() {
        Map<String, List<String>> fromProvider = Map.of(
                "set-cookie", List.of("a=1", "b=2"),
                "content-type", List.of("application/json"),
                "connection", List.of("X-Hop"),
                "x-hop", List.of("named"),
                "keep-alive", List.of("timeout=5"),
                "proxy-authenticate", List.of("Basic"),
                "transfer-encoding", List.of("chunked"),
                "content-length", List.of("12"),
                "tokenkeeper-remote-error", List.of("false"));

        Map<String, List<String>> kept = ForwardedHeaders.toCaller(fromProvider);

        assertThat(kept).containsOnlyKeys("set-cookie", "content-type");
        assertThat(kept.get("set-cookie")).containsExactly("a=1", "b=2");
    }
}
