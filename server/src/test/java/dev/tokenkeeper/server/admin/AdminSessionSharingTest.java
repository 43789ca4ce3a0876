package dev.tokenkeeper.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.OpenApiContract;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.Tokenkeeper;
import java.net.URI;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A console session is the cookie, sealed with the deployment's keyset: another instance on the same database and
 * keyset accepts it, signing out on one ends it for the browser everywhere, and the cookie is {@code Secure} when the
 * public URL is https.
 */
class AdminSessionSharingTest {
    private static TestService service;
    private static Tokenkeeper other;

    @BeforeAll
    static void start() {
        service = TestService.start(false, UnaryOperator.identity(),
                settings -> settings.withPublicUrl(URI.create("https://tokenkeeper.example")));
        other = service.anotherInstance();
    }

    @AfterAll
    static void stop() {
        try {
            other.close();
        } finally {
            service.close();
        }
    }

    @Test
    void theCookie_isSecure_whenThePublicUrlIsHttps() {
        AdminBrowser browser = new AdminBrowser(service.api);

        Answer form = browser.get("/admin/sign-in");
        Answer signedIn = browser.signIn(service.apiKey.reveal());

        assertThat(form.header("Set-Cookie")).contains("; Secure");
        assertThat(signedIn.header("Set-Cookie")).contains("; Secure").contains("; HttpOnly")
                .contains("; SameSite=Strict").contains("; Path=/admin");
    }

    @Test
    void aSessionOpenedOnOneInstance_isValidOnAnother_andItsFormsToo() {
        AdminBrowser onFirst = AdminBrowser.signedIn(service.api, service.apiKey.reveal());
        AdminBrowser onOther = new AdminBrowser(new ApiClient(other.baseUrl(), service.apiKey)
                .observedBy(OpenApiContract.shipped().responseChecker()));
        onOther.cookie(onFirst.cookie());

        Answer overview = onOther.get("/admin");
        Answer out = onOther.post("/admin/sign-out", AdminBrowser.fields("csrf", AdminBrowser.csrfOf(overview)));

        assertThat(overview.status()).isEqualTo(200);
        assertThat(out.status()).isEqualTo(303);
        assertThat(onOther.get("/admin").status()).isEqualTo(303);
    }
}
