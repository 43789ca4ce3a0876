package dev.tokenkeeper.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.port.EndedSessions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link EndedSessions} adapter must have. */
public abstract class EndedSessionsContract {

    /** A fresh, empty store for each test. */
    protected abstract EndedSessions sessions();

    /** Now, to the microsecond (what PostgreSQL keeps). */
    protected abstract Instant now();

    @Test
    void ended_isTrueForAnEndedSession_untilItWouldHaveExpired() {
        EndedSessions sessions = sessions();
        Instant expiry = now().plus(Duration.ofMinutes(30));

        sessions.end("s1", expiry);

        assertThat(sessions.ended("s1", now())).isTrue();
        assertThat(sessions.ended("s1", expiry.minusNanos(1000))).isTrue();
        assertThat(sessions.ended("s1", expiry)).isFalse();
        assertThat(sessions.ended("s2", now())).isFalse();
    }

    @Test
    void end_twice_keepsTheLaterExpiry() {
        EndedSessions sessions = sessions();
        Instant early = now().plus(Duration.ofMinutes(5));
        Instant late = now().plus(Duration.ofMinutes(30));

        sessions.end("s1", late);
        sessions.end("s1", early);

        assertThat(sessions.ended("s1", early.plusSeconds(1))).isTrue();
    }

    @Test
    void forgetExpired_dropsOnlyTheSessionsPastTheirExpiry() {
        EndedSessions sessions = sessions();
        sessions.end("old", now().minusSeconds(1));
        sessions.end("live", now().plus(Duration.ofMinutes(30)));

        assertThat(sessions.forgetExpired(now())).isEqualTo(1);

        assertThat(sessions.ended("live", now())).isTrue();
        assertThat(sessions.forgetExpired(now())).isZero();
    }
}
