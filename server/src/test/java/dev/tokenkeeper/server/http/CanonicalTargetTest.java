package dev.tokenkeeper.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalTargetTest {
    private static final String HOST = "127.0.0.1:7780";

    @ParameterizedTest
    @ValueSource(strings = {"/v1/connections", "/v1/connections/", "/", "/health/live", "/v1/connections/a%20b",
            "/v1/proxy/c1/users/me%40example.com", "/v1/connections/%C3%A9t%C3%A9", "/v1/providers/a:b",
            "/v1/connections/a..b", "/v1/connections/.hidden", "/v1/connections/%25", "/v1/connections/%2525",
            "http://127.0.0.1:7780/v1/connections", "HTTP://127.0.0.1:7780/v1/connections", "/v1/x-_~!$&'()*+,=@"})
    void acceptsTargets_spelledAsTheRouterReadsThem(String target) {
        assertThat(CanonicalTarget.problem(target, HOST)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"//v1/connections", "/./v1/connections", "/x/../v1/connections", "/%76%31/connections",
            "/v1%2Fconnections", "/v1%2fconnections", "/v1;x=1/connections", "/health/../v1/connections",
            "/oauth/callback/../../v1/connections", "/metrics/../v1/connections", "/v1//connections",
            "/v1/connections/..", "/v1/connections/.", "/v1/./connections", "/%2e/v1/connections",
            "/health/%2e%2e/v1/connections", "/v1/connections/%2E%2E/providers", "/v1/%63onnections",
            "/v1/connections%00", "/v1/connections%0a", "/v1/connections%7F", "/v1%5Cconnections", "/v1\\connections",
            "/v1/connections;jsessionid=1", "/v1/connections%3b", "/v1/connections#x", "/v1/connections/%",
            "/v1/connections/%4", "/v1/connections/%zz", "/v1/conn ections", "/v1/conn\tections", "/v1/connéctions",
            "*", "v1/connections", "http://evil.example/v1/connections", "https://evil.example/v1/connections",
            "http://127.0.0.1:7780//v1/connections", "http://127.0.0.1:7781/v1/connections", ""})
    void refusesTargets_theRouterWouldReadAsAnotherPath(String target) {
        assertThat(CanonicalTarget.problem(target, HOST)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1%2Fconnections", "/health/../v1/connections", "/%76%31/connections"})
    void namesWhatIsWrong_withoutEchoingTheWholeTarget(String target) {
        String problem = CanonicalTarget.problem(target, HOST).orElseThrow();

        assertThat(problem).startsWith("the request").doesNotContain("connections");
    }

    @ParameterizedTest
    @ValueSource(ints = {8 * 1024 + 1, 100_000})
    void refusesPaths_longerThanTheLimit(int length) {
        String target = "/" + "a".repeat(length - 1);

        assertThat(CanonicalTarget.problem(target, HOST)).hasValueSatisfying(p -> assertThat(p).contains("longer"));
    }
}
