package dev.tokenkeeper.server.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectCallbackPageTest {

    @ParameterizedTest
    @CsvSource({
            "https://app.example/done, https://app.example/done?connection_id=conn_1&status=connected",
            "https://app.example/done?, https://app.example/done?connection_id=conn_1&status=connected",
            "https://app.example/done?a=1&b=%20x, https://app.example/done?a=1&b=%20x&connection_id=conn_1&status=connected",
            "https://app.example/#/settings?tab=2, https://app.example/?connection_id=conn_1&status=connected#/settings?tab=2",
            "http://localhost:3000/cb?x=1#top, http://localhost:3000/cb?x=1&connection_id=conn_1&status=connected#top"})
    void redirectTarget_addsTheConnectionAndStatus_keepingTheQueryAndFragment(String redirectAfter, String expected) {
        CallbackOutcome.Connected connected = new CallbackOutcome.Connected("conn_1", "acme", false,
                URI.create(redirectAfter));

        assertThat(OAuthCallback.redirectTarget(connected)).hasToString(expected);
    }

    @Test
    void failurePage_escapesEverythingItShows() {
        CallbackFailure failure = new CallbackFailure(400, "a&b", "<h1>", "\"quoted\" 'single'", "<script>x</script>");

        String page = CallbackPage.failure(failure);

        assertThat(page).contains("&lt;h1&gt;", "&quot;quoted&quot; &#39;single&#39;", "&lt;script&gt;x&lt;/script&gt;",
                "Code: a&amp;b").doesNotContain("<script>", "<h1><h1>");
    }
}
