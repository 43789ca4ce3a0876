package dev.tokenkeeper.server.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.connect.Browser.Hop;
import dev.tokenkeeper.server.connection.ConnectionsApiTest;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.fake.FakeProvider;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ends of reconnect links: a link that cannot start a session shows a page that says why and who to ask, and
 * links that expired or were used more than 30 days ago are purged.
 */
class ReconnectLinkEndsTest {
    private static final SettableClock clock = new SettableClock();
    private static final Browser browser = new Browser();
    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(false, UnaryOperator.identity(), clock);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void aLinkWhoseConnectionWasDeleted_showsAPageThatSaysSo() {
        String id = imported();
        JsonNode link = link(id);
        assertThat(service.api.delete("/v1/connections/" + id).status()).isEqualTo(200);

        Hop opened = browser.get(url(link));

        assertThat(opened.status()).isEqualTo(410);
        assertThat(opened.header("Content-Type")).startsWith("text/html");
        assertThat(opened.body()).contains("was deleted", "Ask whoever sent you this link");
    }

    @Test
    void aLinkWhoseProviderHasNoAuthorizationUrl_showsAPageThatSaysWhyAndWhoToAsk() {
        String id = imported();
        JsonNode link = link(id);
        service.tokenkeeper.parts().providers().save(TestService.providerConfig(service.provider)
                .authorizationUrl(null).build());
        try {
            long sessions = sessions();

            Hop opened = browser.get(url(link));

            assertThat(opened.status()).isEqualTo(409);
            assertThat(opened.header("Content-Type")).startsWith("text/html");
            assertThat(opened.body()).contains("no authorization URL", "Ask whoever sent you this link",
                    "keeps working until it expires");
            assertThat(sessions()).isEqualTo(sessions);
        } finally {
            service.tokenkeeper.parts().providers().save(TestService.providerConfig(service.provider).build());
        }
        assertThat(browser.get(url(link)).status()).as("usable once the provider is fixed").isEqualTo(302);
    }

    @Test
    void linksThatEndedMoreThan30DaysAgo_arePurged_atMostOnceAMinute() {
        String id = imported();
        clock.advance(Duration.ofMinutes(2));
        JsonNode expiredLong = link(id); // this creation purges (nothing old yet) and the next minute will not
        JsonNode usedLong = link(id);
        JsonNode expiredRecently = link(id);
        JsonNode live = link(id);
        Instant now = clock.instant();
        ends(expiredLong, now.minus(Duration.ofDays(31)), null);
        ends(usedLong, now.plus(Duration.ofDays(1)), now.minus(Duration.ofDays(31)));
        ends(expiredRecently, now.minus(Duration.ofDays(29)), null);

        link(id);
        List<String> withinTheMinute = storedLinks();
        clock.advance(Duration.ofSeconds(61));
        browser.get(url(live));
        List<String> afterIt = storedLinks();

        assertThat(withinTheMinute).contains(id(expiredLong), id(usedLong));
        assertThat(afterIt).doesNotContain(id(expiredLong), id(usedLong))
                .contains(id(expiredRecently), id(live));
        assertThat(browser.get(url(expiredLong)).status()).as("a purged link is unknown").isEqualTo(404);
    }

    private static String imported() {
        String id = "rle-" + UUID.randomUUID();
        Answer created = service.api.post("/v1/connections", ConnectionsApiTest.importBody(id,
                service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID), 3600));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return id;
    }

    private static JsonNode link(String connectionId) {
        Answer created = service.api.post("/v1/connections/" + connectionId + "/reconnect-link", ApiClient.object());
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json();
    }

    private static URI url(JsonNode link) {
        return URI.create(link.path("url").asText());
    }

    private static String id(JsonNode link) {
        return link.path("id").asText();
    }

    /** Moves the link's expiry and use into the past (its creation before both). */
    private static void ends(JsonNode link, Instant expiresAt, Instant usedAt) {
        database().withConnection(db -> {
            try (PreparedStatement update = db.prepareStatement("update reconnect_links set created_at = ?,"
                    + " expires_at = ?, used_at = ? where id = ?")) {
                update.setTimestamp(1, Timestamp.from(clock.instant().minus(Duration.ofDays(60))));
                update.setTimestamp(2, Timestamp.from(expiresAt));
                update.setTimestamp(3, usedAt == null ? null : Timestamp.from(usedAt));
                update.setString(4, id(link));
                return update.executeUpdate();
            }
        });
    }

    private static List<String> storedLinks() {
        return database().withConnection(db -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = db.prepareStatement("select id from reconnect_links");
                    ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    ids.add(row.getString(1));
                }
            }
            return ids;
        });
    }

    private static long sessions() {
        return database().withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select count(*) from connect_sessions");
                    ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    private static PostgresDatabase database() {
        return service.tokenkeeper.parts().storage().database();
    }
}
