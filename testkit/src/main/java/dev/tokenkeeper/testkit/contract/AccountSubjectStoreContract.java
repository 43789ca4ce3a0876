package dev.tokenkeeper.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.port.AccountSubjectStore;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link AccountSubjectStore} adapter must have, beside the connection store it belongs to. */
public abstract class AccountSubjectStoreContract {

    /** A fresh store for each test, with no connections. */
    protected abstract AccountSubjectStore subjects();

    /** The connection store the subjects belong to, sharing the state of the last {@link #subjects()}. */
    protected abstract ConnectionStore connections();

    /** Now, to the microsecond (what PostgreSQL keeps). */
    protected abstract Instant now();

    @Test
    void find_answersTheStoredSubject_andEmptyWhenNoneIsKnown() {
        AccountSubjectStore subjects = subjects();
        connection("c1", now());
        connection("c2", now());

        subjects.store("c1", "user-1");

        assertThat(subjects.find("c1")).contains("user-1");
        assertThat(subjects.find("c2")).isEmpty();
        assertThat(subjects.find("c_missing")).isEmpty();
    }

    @Test
    void store_replacesTheSubject() {
        AccountSubjectStore subjects = subjects();
        connection("c1", now());

        subjects.store("c1", "user-1");
        subjects.store("c1", "user-2");

        assertThat(subjects.find("c1")).contains("user-2");
    }

    @Test
    void store_leavesAConnectionThatDoesNotExistAlone() {
        AccountSubjectStore subjects = subjects();

        subjects.store("c_missing", "user-1");
        connection("c_missing", now());

        assertThat(subjects.find("c_missing")).isEmpty();
    }

    @Test
    void subject_isForgottenWithItsConnection_evenWhenTheIdIsUsedAgain() {
        AccountSubjectStore subjects = subjects();
        connection("c1", now());
        subjects.store("c1", "user-1");

        assertThat(connections().delete("c1")).isPresent();
        assertThat(subjects.find("c1")).isEmpty();
        connection("c1", now().plusSeconds(1));

        assertThat(subjects.find("c1")).isEmpty();
    }

    private void connection(String id, Instant at) {
        TokenSet tokens = new TokenSet(Secret.of("at-" + id), Secret.of("rt-" + id), "Bearer", at,
                at.plus(Duration.ofHours(1)), List.of(), Map.of());
        assertThat(connections().create(ConnectionLifecycle.created(id, "fake", tokens, Map.of(), at, null)))
                .isTrue();
    }
}
