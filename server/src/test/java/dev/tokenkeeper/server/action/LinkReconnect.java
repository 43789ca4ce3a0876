package dev.tokenkeeper.server.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.connect.Browser;
import dev.tokenkeeper.server.connect.Browser.Hop;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * An end user reconnecting through a reconnect link: the operator makes the link, the user's browser opens it, logs in
 * at the fake provider as the same subject ({@code login_hint}), and comes back to Tokenkeeper's callback.
 */
final class LinkReconnect {
    private final Browser browser = new Browser();

    /** Reconnects the connection through a link made on {@code api}'s instance; asserts each hop. */
    void reconnect(ApiClient api, String connectionId, String subject) {
        Answer link = api.post("/v1/connections/" + connectionId + "/reconnect-link", ApiClient.object());
        assertThat(link.status()).as(link.text()).isEqualTo(201);
        Hop opened = browser.get(URI.create(link.json().path("url").asText()));
        assertThat(opened.status()).as(opened.body()).isEqualTo(302);
        Hop approved = browser.get(asSubject(opened.location(), subject));
        assertThat(approved.status()).as(approved.body()).isEqualTo(302);
        Hop callback = browser.get(approved.location());
        assertThat(callback.status()).as(callback.body()).isIn(200, 303);
        assertThat(ActionCalls.connectionState(api, connectionId)).as("state of %s after its reconnect", connectionId)
                .isEqualTo("active");
    }

    /** The authorize URL with a {@code login_hint} naming the subject, unless it names one already. */
    private static URI asSubject(URI authorize, String subject) {
        if (Browser.query(authorize).containsKey("login_hint")) {
            return authorize;
        }
        return URI.create(authorize + "&login_hint=" + URLEncoder.encode(subject, StandardCharsets.UTF_8));
    }
}
