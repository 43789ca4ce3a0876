package dev.tokenkeeper.server.admin;

import static dev.tokenkeeper.server.admin.AdminBrowser.csrfOf;
import static dev.tokenkeeper.server.admin.AdminBrowser.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.apikey.ApiKeyRecord;
import dev.tokenkeeper.core.apikey.ApiKeys;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.testkit.clock.SettableClock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signing in to the console over HTTP: the API key typed into the form opens a session cookie, a wrong key or a form
 * without its CSRF token opens nothing, the session ends 30 minutes after its last page (a settable clock), on sign
 * out, and when its API key is deleted.
 */
class AdminSignInTest {
    private static final SettableClock CLOCK = new SettableClock();
    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(false, UnaryOperator.identity(), CLOCK);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void signIn_withTheApiKey_opensTheOverview_withAStrictHttpOnlyCookie() {
        AdminBrowser browser = browser();

        Answer before = browser.get("/admin");
        Answer form = browser.get("/admin/sign-in");
        Answer signedIn = browser.post("/admin/sign-in", fields("csrf", csrfOf(form), "api_key",
                service.apiKey.reveal()));
        Answer overview = browser.get("/admin");

        assertThat(before.status()).isEqualTo(303);
        assertThat(before.header("Location")).isEqualTo("/admin/sign-in");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.header("Content-Type")).startsWith("text/html");
        assertThat(form.text()).contains("<form method=\"post\" action=\"/admin/sign-in\"")
                .contains("type=\"password\"").doesNotContain("<script");
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.header("Location")).isEqualTo("/admin");
        assertThat(signedIn.header("Set-Cookie")).startsWith("tk_admin=").contains("; Path=/admin")
                .contains("; HttpOnly").contains("; SameSite=Strict").contains("Max-Age=1800")
                .doesNotContain("Secure").doesNotContain(service.apiKey.reveal());
        assertThat(overview.status()).as(overview.text()).isEqualTo(200);
        assertThat(overview.text()).contains("<h1>Overview</h1>").contains("action=\"/admin/sign-out\"");
        assertThat(overview.header("Cache-Control")).isEqualTo("no-store");
        assertThat(overview.header("Content-Security-Policy")).contains("default-src 'none'")
                .contains("frame-ancestors 'none'");
        assertThat(csrfOf(overview)).as("a new CSRF token once signed in").isNotEqualTo(csrfOf(form));
    }

    @Test
    void aWrongKey_answersTheFormAgain401_andOpensNoSession_andIsCounted() {
        AdminBrowser browser = browser();
        Answer form = browser.get("/admin/sign-in");
        double refusedBefore = signIns("refused");

        Answer wrong = browser.post("/admin/sign-in", fields("csrf", csrfOf(form), "api_key", "tk_wrong_key_1234"));
        Answer empty = browser.post("/admin/sign-in", fields("csrf", csrfOf(wrong), "api_key", ""));

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.text()).contains("That API key is not valid.").doesNotContain("tk_wrong_key_1234")
                .contains("name=\"api_key\"");
        assertThat(empty.status()).isEqualTo(401);
        assertThat(browser.get("/admin").status()).isEqualTo(303);
        assertThat(signIns("refused")).isEqualTo(refusedBefore + 2);
        assertThat(service.api.get("/metrics").text()).doesNotContain("tk_wrong_key_1234");
    }

    /** {@code tokenkeeper_console_sign_ins_total} for {@code outcome}, 0 before the first. */
    private static double signIns(String outcome) {
        Matcher value = Pattern.compile("tokenkeeper_console_sign_ins_total\\{outcome=\"" + outcome
                + "\"} (\\S+)").matcher(service.api.get("/metrics").text());
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    @Test
    void aSignIn_withoutTheFormsCsrfToken_orWithAnother_isRefused403_andOpensNoSession() {
        AdminBrowser browser = browser();
        Answer form = browser.get("/admin/sign-in");
        AdminBrowser other = browser();
        other.get("/admin/sign-in");

        Answer missing = browser.post("/admin/sign-in", fields("api_key", service.apiKey.reveal()));
        Answer wrong = browser.post("/admin/sign-in", fields("csrf", csrfOf(form) + "x", "api_key",
                service.apiKey.reveal()));
        Answer fromAnotherSession = other.post("/admin/sign-in", fields("csrf", csrfOf(form), "api_key",
                service.apiKey.reveal()));
        AdminBrowser noCookie = browser();
        Answer withoutCookie = noCookie.post("/admin/sign-in", fields("csrf", csrfOf(form), "api_key",
                service.apiKey.reveal()));

        for (Answer refused : new Answer[] {missing, wrong, fromAnotherSession, withoutCookie}) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.text()).contains("nothing was changed");
            assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
        }
        assertThat(browser.get("/admin").status()).isEqualTo(303);
        assertThat(other.get("/admin").status()).isEqualTo(303);
        assertThat(noCookie.get("/admin").status()).isEqualTo(303);
    }

    @Test
    void aSession_endsThirtyMinutesAfterItsLastPage_andEachPageRestartsTheWait() {
        AdminBrowser browser = signedIn();

        CLOCK.advance(Duration.ofMinutes(29));
        Answer after29 = browser.get("/admin");
        CLOCK.advance(Duration.ofMinutes(29));
        Answer after58 = browser.get("/admin");
        CLOCK.advance(Duration.ofMinutes(30));
        Answer idle30 = browser.get("/admin");

        assertThat(after29.status()).isEqualTo(200);
        assertThat(after58.status()).as("sliding: the page at 29 minutes restarted the wait").isEqualTo(200);
        assertThat(idle30.status()).isEqualTo(303);
        assertThat(idle30.header("Location")).isEqualTo("/admin/sign-in");
    }

    @Test
    void signOut_removesTheCookie_andTheOverviewAsksForASignInAgain() {
        AdminBrowser browser = signedIn();
        Answer overview = browser.get("/admin");

        Answer out = browser.post("/admin/sign-out", fields("csrf", csrfOf(overview)));

        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Location")).isEqualTo("/admin/sign-in");
        assertThat(out.header("Set-Cookie")).startsWith("tk_admin=;").contains("Max-Age=0");
        assertThat(browser.cookie()).isNull();
        assertThat(browser.get("/admin").status()).isEqualTo(303);
    }

    @Test
    void signOut_endsTheSessionForGood_aCopyOfItsCookieTakenBeforeOpensNothing_andOtherSessionsGoOn() {
        AdminBrowser browser = signedIn();
        Answer overview = browser.get("/admin");
        String copied = browser.cookie();
        AdminBrowser other = signedIn();

        assertThat(browser.post("/admin/sign-out", fields("csrf", csrfOf(overview))).status()).isEqualTo(303);
        AdminBrowser thief = browser();
        thief.cookie(copied);

        Answer replayed = thief.get("/admin");
        Answer replayedForm = thief.post("/admin/sign-out", fields("csrf", csrfOf(overview)));
        assertThat(replayed.status()).isEqualTo(303);
        assertThat(replayed.header("Location")).isEqualTo("/admin/sign-in");
        assertThat(replayedForm.status()).isEqualTo(403);
        assertThat(other.get("/admin").status()).isEqualTo(200);
        CLOCK.advance(AdminSessions.IDLE.minusMinutes(1));
        assertThat(thief.get("/admin").status()).as("still refused just before it would have expired").isEqualTo(303);
    }

    @Test
    void signOut_withoutTheSessionsCsrfToken_isRefused403_andTheSessionGoesOn() {
        AdminBrowser browser = signedIn();
        Answer overview = browser.get("/admin");
        AdminBrowser other = signedIn();

        Answer missing = browser.post("/admin/sign-out", fields());
        Answer anothers = browser.post("/admin/sign-out", fields("csrf", csrfOf(other.get("/admin"))));

        assertThat(missing.status()).isEqualTo(403);
        assertThat(anothers.status()).isEqualTo(403);
        assertThat(csrfOf(overview)).isNotEqualTo(csrfOf(other.get("/admin")));
        assertThat(browser.get("/admin").status()).isEqualTo(200);
    }

    @Test
    void deletingTheApiKey_endsTheSessionsItOpened_andAnotherKeySignsIn() {
        Secret second = Secret.of("tk_test_console_second_key_0001");
        service.tokenkeeper.parts().apiKeys().add(new ApiKeyRecord("console-second", "console test",
                ApiKeys.hash(second), CLOCK.instant()));
        AdminBrowser browser = browser();
        assertThat(browser.signIn(second.reveal()).status()).isEqualTo(303);
        assertThat(browser.get("/admin").status()).isEqualTo(200);

        service.tokenkeeper.parts().apiKeys().delete("console-second");

        assertThat(browser.get("/admin").status()).isEqualTo(303);
    }

    @Test
    void aTamperedCookie_isNoSession() {
        AdminBrowser browser = signedIn();
        String cookie = browser.cookie();
        // A character in the middle: the last one may carry only padding bits, which a decoder ignores.
        int middle = cookie.length() / 2;
        char flipped = cookie.charAt(middle) == 'A' ? 'B' : 'A';
        browser.cookie(cookie.substring(0, middle) + flipped + cookie.substring(middle + 1));

        assertThat(browser.get("/admin").status()).isEqualTo(303);
        browser.cookie("not-a-session");
        assertThat(browser.get("/admin").status()).isEqualTo(303);
    }

    private static AdminBrowser signedIn() {
        AdminBrowser browser = browser();
        Answer answer = browser.signIn(service.apiKey.reveal());
        assertThat(answer.status()).as(answer.text()).isEqualTo(303);
        return browser;
    }

    private static AdminBrowser browser() {
        return new AdminBrowser(service.api);
    }
}
