package dev.tokenkeeper.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.testkit.logs.StandardErrorCapture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The demo's story on a fresh database, with the script shortened from minutes to seconds: refreshes with
 * rotation, 429s and 503s absorbed as retries, the revoked grant's connection turning needs_reauth, a write queued for
 * it held without calling the provider, the connection reactivated through a reconnect link and the write replayed
 * once, and not one token in what the terminal would show.
 */
class DemoTest {
    /** 4–8 s tokens; globex throttles every 3 s, storms at 4 s; the revocation at 6 s, the reconnect at 12 s. */
    static final DemoTimings QUICK = new DemoTimings(Duration.ofSeconds(4), Duration.ofSeconds(8),
            Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(6),
            Duration.ofSeconds(12), Duration.ofSeconds(2));
    /** What the fake providers' access tokens, refresh tokens and authorization codes look like. */
    private static final Pattern TOKEN = Pattern.compile("\\b(at|rt|code)_[A-Za-z0-9_-]{20,}");
    private static final int CONNECTIONS = 12;

    @Test
    void story_refreshesRotatesRevokesAndReconnects_withoutPrintingAToken() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<String> secrets = new ArrayList<>();
        String logged;
        try (StandardErrorCapture stderr = new StandardErrorCapture();
                TestService service = TestService.start(true, UnaryOperator.identity());
                DemoStory story = DemoStory.start(service.tokenkeeper, QUICK, CONNECTIONS,
                        new PrintStream(printed, true, StandardCharsets.UTF_8), InstantSource.system())) {
            secrets.add(service.apiKey.reveal());
            story.providers().all().forEach(provider -> secrets.add(provider.clientSecret().reveal()));

            DemoTally busy = await().atMost(Duration.ofSeconds(30)).until(story::tally, tally ->
                    tally.refreshes() >= CONNECTIONS && tally.rotations() > 0
                            && tally.refused().containsKey("429") && tally.refused().containsKey("503"));
            assertThat(busy.count(ConnectionState.MISCONFIGURED)).isZero();

            ReconnectOutcome reconnect = await().atMost(Duration.ofSeconds(40))
                    .until(story::reconnectOutcome, Optional::isPresent).orElseThrow();
            String revoked = story.revoked().orElseThrow().id();
            assertThat(revoked).startsWith(DemoProviders.ACME);
            List<String> timeline = eventTypes(service, revoked);
            assertThat(timeline).contains("connection.needs_reauth");
            assertThat(reconnect.result()).as(reconnect.detail()).isEqualTo(ReconnectOutcome.Result.RECONNECTED);
            assertThat(timeline).containsSubsequence("connection.needs_reauth", "connection.reactivated");
            assertThat(state(service, revoked)).isEqualTo("active");
            assertThat(story.connections()).filteredOn(connection -> !connection.id().equals(revoked))
                    .allSatisfy(connection -> assertThat(state(service, connection.id())).isEqualTo("active"));
            await().atMost(Duration.ofSeconds(30)).until(() -> printed.toString(StandardCharsets.UTF_8)
                    .contains("webhook connection.reactivated " + revoked));
            DemoAction.Seen held = story.heldAction().orElseThrow();
            assertThat(held.state()).isEqualTo("held");
            assertThat(held.errorCode()).isEqualTo("connection_stale");
            DemoAction.Seen ended = await().atMost(Duration.ofSeconds(60))
                    .until(story::endedAction, Optional::isPresent).orElseThrow();
            assertThat(ended.state()).isEqualTo("succeeded");
            assertThat(ended.attempts()).as("replayed once, never sent while the grant was dead").isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> printed.toString(StandardCharsets.UTF_8)
                    .contains("webhook action.succeeded " + revoked));
            story.connections().forEach(connection -> {
                var fake = story.providers().get(connection.provider()).fake();
                fake.currentAccessToken(connection.grantId()).ifPresent(secrets::add);
                fake.currentRefreshToken(connection.grantId()).ifPresent(secrets::add);
            });
            logged = stderr.text();
        }

        String terminal = printed.toString(StandardCharsets.UTF_8) + logged;
        assertThat(terminal).contains("[demo +0:00] imported " + CONNECTIONS + " connections")
                .contains("refused refresh requests:")
                .contains(" refresh - connection=acme-") // the human format shows the logger tokenkeeper.refresh short
                .contains("event=connection.needs_reauth")
                .contains("event=connection.reactivated")
                .contains("reconnected: reconnect link opened, provider approved, callback done")
                .containsPattern("the product queues a write \\(POST /v1/actions\\): action act_\\w+ is held"
                        + " \\(connection_stale")
                .containsPattern("action act_\\w+ for acme-\\d+ succeeded after the reconnect: replayed by"
                        + " Tokenkeeper, HTTP 200 from acme, 1 attempt")
                .containsPattern("webhook action\\.held acme-\\d+")
                .containsPattern("webhook connection\\.needs_reauth acme-\\d+ cause=\\w+ \\(signature verified,"
                        + " webhook-id msg_\\w+\\)")
                .contains("webhooks received: ")
                .doesNotContain("BAD SIGNATURE");
        assertThat(terminal).doesNotContainPattern(TOKEN);
        assertThat(secrets).allSatisfy(secret -> assertThat(terminal).doesNotContain(secret));
    }

    private static String state(TestService service, String connectionId) {
        return service.api.get("/v1/connections/" + connectionId).json().path("state").asText();
    }

    private static List<String> eventTypes(TestService service, String connectionId) {
        JsonNode events = service.api.get("/v1/connections/" + connectionId + "/events").json().path("events");
        return StreamSupport.stream(events.spliterator(), false).map(event -> event.path("type").asText()).toList();
    }
}
