package dev.tokenkeeper.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.port.ReconnectLink;
import dev.tokenkeeper.core.port.ReconnectLinkStore;
import dev.tokenkeeper.core.token.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ReconnectLinkStore} adapter must have, through the port only. */
public abstract class ReconnectLinkStoreContract {
    private static final Duration HOUR = Duration.ofHours(1);

    /** A fresh, empty store for each test. */
    protected abstract ReconnectLinkStore store();

    /** Now, to the microsecond (what PostgreSQL keeps). */
    protected abstract Instant now();

    @Test
    void byToken_answersTheStoredLink_andNothingForAnotherToken() {
        ReconnectLinkStore store = store();
        ReconnectLink link = link("rl_a", now(), now().plus(HOUR), URI.create("https://app.example.com/back"));
        store.create(link, Secret.of("tok_a"));
        store.create(link("rl_b", now(), now().plus(HOUR), null), Secret.of("tok_b"));

        assertThat(store.byToken(Secret.of("tok_a"))).contains(link);
        assertThat(store.byToken(Secret.of("tok_b"))).hasValueSatisfying(found -> {
            assertThat(found.id()).isEqualTo("rl_b");
            assertThat(found.redirectAfter()).isNull();
        });
        assertThat(store.byToken(Secret.of("tok_c"))).isEmpty();
    }

    @Test
    void create_refusesASecondLink_withTheSameToken() {
        ReconnectLinkStore store = store();
        store.create(link("rl_a", now(), now().plus(HOUR), null), Secret.of("tok_same"));

        assertThatThrownBy(() -> store.create(link("rl_b", now(), now().plus(HOUR), null), Secret.of("tok_same")))
                .isInstanceOf(RuntimeException.class);
        assertThat(store.byToken(Secret.of("tok_same"))).map(ReconnectLink::id).contains("rl_a");
    }

    @Test
    void revoke_keepsTheFirstRevocationTime_andAnswersEmptyForAnUnknownLink() {
        ReconnectLinkStore store = store();
        store.create(link("rl_a", now(), now().plus(HOUR), null), Secret.of("tok_a"));
        Instant first = now().plusSeconds(1);

        assertThat(store.revoke("rl_a", first)).map(ReconnectLink::revokedAt).contains(first);
        assertThat(store.revoke("rl_a", first.plusSeconds(5))).map(ReconnectLink::revokedAt).contains(first);
        assertThat(store.byToken(Secret.of("tok_a")).orElseThrow().refusal(first)).isEqualTo("revoked");
        assertThat(store.revoke("rl_missing", first)).isEmpty();
    }

    @Test
    void sessionCompleted_marksTheLinkOfTheSessionUsedOnce_andIgnoresOtherSessions() {
        ReconnectLinkStore store = store();
        store.create(link("rl_a", now(), now().plus(HOUR), null), Secret.of("tok_a"));
        store.create(link("rl_b", now(), now().plus(HOUR), null), Secret.of("tok_b"));
        store.startedSession("rl_a", "cs_1");
        store.startedSession("rl_a", "cs_2");
        Instant used = now().plusSeconds(1);

        store.sessionCompleted("cs_unrelated", used);
        assertThat(store.byToken(Secret.of("tok_a")).orElseThrow().usedAt()).isNull();
        store.sessionCompleted("cs_1", used);
        store.sessionCompleted("cs_2", used.plusSeconds(5));

        assertThat(store.byToken(Secret.of("tok_a")).orElseThrow().usedAt()).isEqualTo(used);
        assertThat(store.byToken(Secret.of("tok_b")).orElseThrow().usedAt()).isNull();
        assertThat(store.byToken(Secret.of("tok_a")).orElseThrow().refusal(used)).isEqualTo("used");
    }

    @Test
    void startedSession_refusesALinkThatDoesNotExist() {
        ReconnectLinkStore store = store();

        assertThatThrownBy(() -> store.startedSession("rl_missing", "cs_1")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void purge_deletesTheLinksExpiredOrUsedBeforeTheTime_only() {
        ReconnectLinkStore store = store();
        Instant now = now();
        store.create(link("rl_expired", now.minus(HOUR.multipliedBy(3)), now.minus(HOUR.multipliedBy(2)), null),
                Secret.of("tok_expired"));
        store.create(link("rl_used", now.minus(HOUR.multipliedBy(3)), now.plus(HOUR), null), Secret.of("tok_used"));
        store.startedSession("rl_used", "cs_used");
        store.sessionCompleted("cs_used", now.minus(HOUR.multipliedBy(2)));
        store.create(link("rl_recent", now.minus(HOUR.multipliedBy(3)), now.minusSeconds(10), null),
                Secret.of("tok_recent"));
        store.create(link("rl_open", now, now.plus(HOUR), null), Secret.of("tok_open"));

        assertThat(store.purge(now.minus(HOUR))).isEqualTo(2);

        assertThat(store.byToken(Secret.of("tok_expired"))).isEmpty();
        assertThat(store.byToken(Secret.of("tok_used"))).isEmpty();
        assertThat(store.byToken(Secret.of("tok_recent"))).isPresent();
        assertThat(store.byToken(Secret.of("tok_open"))).isPresent();
        assertThat(store.purge(now.minus(HOUR))).isZero();
    }

    private static ReconnectLink link(String id, Instant createdAt, Instant expiresAt, URI redirectAfter) {
        return new ReconnectLink(id, "conn_" + id, redirectAfter, createdAt, expiresAt, null, null);
    }
}
