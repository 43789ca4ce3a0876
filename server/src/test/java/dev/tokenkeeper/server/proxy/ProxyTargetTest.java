package dev.tokenkeeper.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.server.http.ApiProblem;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyTargetTest {
    private static final URI BASE = URI.create("https://api.example.com/api");

    @ParameterizedTest(name = "{0} ? {1}")
    @CsvSource(nullValues = "null", value = {
            "/users/me, null, https://api.example.com/api/users/me",
            "'', null, https://api.example.com/api",
            "/, null, https://api.example.com/api/",
            "/users/, null, https://api.example.com/api/users/",
            "/users/ann%40example.com, null, https://api.example.com/api/users/ann%40example.com",
            "/v4/sheets/x:batchGet, null, https://api.example.com/api/v4/sheets/x:batchGet",
            "/search, q=a%2Fb&next=%2e%2e&r=https://x.test/?y, https://api.example.com/api/search?q=a%2Fb&next=%2e%2e&r=https://x.test/?y"})
    void resolve_appendsThePathAndQueryToTheBase(String path, String query, String expected) {
        assertThat(ProxyTarget.resolve(BASE, path, query)).isEqualTo(URI.create(expected));
    }

    @Test
    void resolve_keepsTheBasesSchemeHostAndPort_withOrWithoutAPathOrTrailingSlash() {
        assertThat(ProxyTarget.resolve(URI.create("http://127.0.0.1:8080"), "/me", null))
                .isEqualTo(URI.create("http://127.0.0.1:8080/me"));
        assertThat(ProxyTarget.resolve(URI.create("http://127.0.0.1:8080"), "", null))
                .isEqualTo(URI.create("http://127.0.0.1:8080/"));
        assertThat(ProxyTarget.resolve(URI.create("https://slack.com/api/"), "/auth.test", null))
                .isEqualTo(URI.create("https://slack.com/api/auth.test"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"users", "/../oauth/token", "/users/..", "/./x", "/users/./x", "//evil.test/x",
            "/a//b", "/https:/evil.test", "/http:", "/HTTPS:%2F%2Fevil.test", "/@evil.test", "/users/a@evil.test",
            "/a\\b", "/%2e%2e/x", "/%2E%2E/x", "/.%2e/x", "/a%2fb", "/a%2Fb", "/%252e%252e/x", "/a%255c", "/a%5cb",
            "/a%0d%0aX-Injected:%201", "/a%00", "/a%7f", "/a%zz", "/a%2", "/a b", "/a\r\nb", "/a\tb", "/é",
            "/a?b", "/a#b"})
    void resolve_refusesPathsThatCouldLeaveTheBase(String path) {
        assertRefused(() -> ProxyTarget.resolve(BASE, path, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=1\r\nX-Injected: 1", "a=1 b", "a=%zz", "a=1#fragment", "a=\\"})
    void resolve_refusesQueriesWithCharactersOutsideAUri(String query) {
        assertRefused(() -> ProxyTarget.resolve(BASE, "/search", query));
    }

    @Test
    void resolve_refusesEveryPath_whenTheResultWouldNotBeInNormalForm() {
        URI unnormalized = URI.create("https://api.example.com/api/../admin");

        assertRefused(() -> ProxyTarget.resolve(unnormalized, "/users", null));
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.code()).isEqualTo("proxy_target_refused");
        });
    }
}
