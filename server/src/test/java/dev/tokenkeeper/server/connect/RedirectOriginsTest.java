package dev.tokenkeeper.server.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedirectOriginsTest {
    private static final RedirectOrigins LISTED =
            RedirectOrigins.parse("https://app.example.com,http://localhost:3000");

    @ParameterizedTest(name = "{0} allowed: {1}")
    @CsvSource({
        "https://app.example.com/connected?x=1, true",
        "https://APP.example.com:443/done, true",
        "http://localhost:3000/cb, true",
        "https://app.example.com:8443/done, false",
        "http://app.example.com/done, false",
        "https://evil.example/done, false",
        "https://app.example.com.evil.example/done, false",
        "http://localhost:3001/cb, false"})
    void refusal_matchesSchemeHostAndPortExactly_whenOriginsAreListed(String url, boolean allowed) {
        assertThat(LISTED.refusal(URI.create(url)).isEmpty()).isEqualTo(allowed);
        LISTED.refusal(URI.create(url)).ifPresent(why -> assertThat(why).contains(RedirectOrigins.SETTING));
    }

    @ParameterizedTest(name = "{0} allowed: {1}")
    @CsvSource({
        "https://any.example/done, true",
        "http://localhost:3000/cb, true",
        "http://127.0.0.1:8080/cb, true",
        "http://[::1]:8080/cb, true",
        "http://app.example.com/done, false",
        "http://10.0.0.5/done, false"})
    void refusal_allowsHttpsAnywhere_andHttpOnlyToLoopback_whenUnset(String url, boolean allowed) {
        assertThat(RedirectOrigins.unset().refusal(URI.create(url)).isEmpty()).isEqualTo(allowed);
    }
}
