package dev.tokenkeeper.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.port.ConnectSession;
import dev.tokenkeeper.core.port.ConnectSessionError;
import dev.tokenkeeper.core.port.ConnectSessionStatus;
import dev.tokenkeeper.core.port.ConnectSessionStatus.State;
import dev.tokenkeeper.core.port.ConnectSessions;
import dev.tokenkeeper.core.port.SessionConsumption;
import dev.tokenkeeper.core.port.SessionConsumption.AlreadyUsed;
import dev.tokenkeeper.core.port.SessionConsumption.Consumed;
import dev.tokenkeeper.core.port.SessionConsumption.Expired;
import dev.tokenkeeper.core.port.SessionConsumption.Unknown;
import dev.tokenkeeper.core.token.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ConnectSessions} adapter must have; an adapter's test extends this class. */
public abstract class ConnectSessionsContract {
    /** Whole microseconds, as PostgreSQL keeps them. */
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456Z");
    private static final Duration LIFETIME = Duration.ofMinutes(10);

    /** A fresh, empty store for each test. */
    protected abstract ConnectSessions sessions();

    @Test
    void consume_returnsTheSessionWithEveryField_whenPresentedWithItsStateBeforeExpiry() {
        ConnectSessions sessions = sessions();
        ConnectSession created = new ConnectSession("cs-full", "acme", "conn-7", Secret.of(random("state")),
                Secret.of(random("verifier")), URI.create("https://app.example/done?x=1"),
                Map.of("customer", "c-1", "plan", "pro"), T0, T0.plus(LIFETIME), Map.of("subdomain", "acme"));
        sessions.create(created);

        SessionConsumption consumption = sessions.consume(Secret.of(created.state().reveal()), T0.plusSeconds(30));

        assertThat(consumption).isInstanceOfSatisfying(Consumed.class, consumed -> {
            ConnectSession session = consumed.session();
            assertThat(session).isEqualTo(created);
            assertThat(session.codeVerifier().reveal()).isEqualTo(created.codeVerifier().reveal());
        });
    }

    @Test
    void consume_returnsTheSession_whenItHasNoConnectionIdVerifierNorRedirect() {
        ConnectSessions sessions = sessions();
        ConnectSession created = new ConnectSession("cs-bare", "acme", null, Secret.of(random("state")), null, null,
                Map.of(), T0, T0.plus(LIFETIME));
        sessions.create(created);

        assertThat(sessions.consume(created.state(), T0)).isEqualTo(new Consumed(created));
    }

    @Test
    void consume_answersAlreadyUsed_whenTheStateIsPresentedASecondTime() {
        ConnectSessions sessions = sessions();
        ConnectSession session = session("cs-twice");
        sessions.create(session);
        Instant usedAt = T0.plusSeconds(5);

        assertThat(sessions.consume(session.state(), usedAt)).isInstanceOf(Consumed.class);
        assertThat(sessions.consume(session.state(), T0.plusSeconds(6)))
                .isEqualTo(new AlreadyUsed(usedAt, session.id(), null));
        assertThat(sessions.consume(session.state(), T0.plus(LIFETIME).plusSeconds(1)))
                .isEqualTo(new AlreadyUsed(usedAt, session.id(), null));
    }

    @Test
    void consume_answersExpired_fromTheExpiryOn_andNeverHandsTheSessionOutAfter() {
        ConnectSessions sessions = sessions();
        ConnectSession session = session("cs-late");
        sessions.create(session);

        Expired expired = new Expired(session.expiresAt(), session.id(), null);
        assertThat(sessions.consume(session.state(), session.expiresAt())).isEqualTo(expired);
        assertThat(sessions.consume(session.state(), session.expiresAt().plusSeconds(60))).isEqualTo(expired);
    }

    @Test
    void consume_answersUnknown_whenNoSessionHasTheState() {
        ConnectSessions sessions = sessions();
        sessions.create(session("cs-other"));

        assertThat(sessions.consume(Secret.of(random("never-issued")), T0)).isEqualTo(new Unknown());
    }

    @Test
    void consume_usesOnlyTheSessionOfTheState_whenSeveralArePending() {
        ConnectSessions sessions = sessions();
        ConnectSession first = session("cs-a");
        ConnectSession second = session("cs-b");
        sessions.create(first);
        sessions.create(second);

        sessions.consume(first.state(), T0);

        assertThat(sessions.consume(second.state(), T0)).isEqualTo(new Consumed(second));
    }

    @Test
    void consume_handsTheSessionToExactlyOneCaller_whenTwentyPresentTheStateAtOnce() throws Exception {
        ConnectSessions sessions = sessions();
        ConnectSession session = session("cs-race");
        sessions.create(session);
        int callers = 20;
        CyclicBarrier start = new CyclicBarrier(callers);
        List<Future<SessionConsumption>> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return sessions.consume(Secret.of(session.state().reveal()), T0.plusSeconds(1));
                }));
            }
            List<SessionConsumption> results = new ArrayList<>();
            for (Future<SessionConsumption> answer : answers) {
                results.add(answer.get(30, TimeUnit.SECONDS));
            }

            assertThat(results).filteredOn(Consumed.class::isInstance).containsExactly(new Consumed(session));
            assertThat(results).filteredOn(AlreadyUsed.class::isInstance).hasSize(callers - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void create_refuses_whenTheIdOrTheStateIsTaken() {
        ConnectSessions sessions = sessions();
        ConnectSession first = session("cs-taken");
        sessions.create(first);
        ConnectSession sameId = session("cs-taken");
        ConnectSession sameState = new ConnectSession("cs-copy", "acme", null, first.state(), null, null, Map.of(),
                T0, T0.plus(LIFETIME));

        assertThatThrownBy(() -> sessions.create(sameId)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sessions.create(sameState)).isInstanceOf(IllegalArgumentException.class);
        assertThat(sessions.consume(sameId.state(), T0)).isEqualTo(new Unknown());
        assertThat(sessions.consume(first.state(), T0)).isEqualTo(new Consumed(first));
    }

    @Test
    void purge_deletesTheSessionsExpiredBeforeTheCutoff_usedOrNot() {
        ConnectSessions sessions = sessions();
        ConnectSession usedOld = session("cs-used-old");
        ConnectSession pendingOld = session("cs-pending-old");
        ConnectSession recent = new ConnectSession("cs-recent", "acme", null, Secret.of(random("state")), null, null,
                Map.of(), T0.plus(LIFETIME), T0.plus(LIFETIME).plus(LIFETIME));
        sessions.create(usedOld);
        sessions.create(pendingOld);
        sessions.create(recent);
        sessions.consume(usedOld.state(), T0);

        int purged = sessions.purge(T0.plus(LIFETIME).plusSeconds(1));

        assertThat(purged).isEqualTo(2);
        assertThat(sessions.consume(usedOld.state(), T0)).isEqualTo(new Unknown());
        assertThat(sessions.consume(pendingOld.state(), T0)).isEqualTo(new Unknown());
        assertThat(sessions.consume(recent.state(), T0.plus(LIFETIME))).isEqualTo(new Consumed(recent));
        assertThat(sessions.purge(T0.plus(LIFETIME))).isZero();
    }

    @Test
    void consume_tellsTheRedirect_whenTheSessionIsUsedOrExpired() {
        ConnectSessions sessions = sessions();
        URI redirect = URI.create("https://app.example/done?x=1");
        ConnectSession session = new ConnectSession("cs-redirect", "acme", null, Secret.of(random("state")), null,
                redirect, Map.of(), T0, T0.plus(LIFETIME));
        sessions.create(session);

        assertThat(sessions.consume(session.state(), T0.plus(LIFETIME)))
                .isEqualTo(new Expired(T0.plus(LIFETIME), "cs-redirect", redirect));
    }

    @Test
    void status_followsTheSession_fromPendingToCompleted() {
        ConnectSessions sessions = sessions();
        ConnectSession session = session("cs-done");
        sessions.create(session);

        assertThat(sessions.status("cs-done", T0)).contains(
                new ConnectSessionStatus("cs-done", "acme", null, State.PENDING, null));
        sessions.consume(session.state(), T0.plusSeconds(1));
        assertThat(sessions.status("cs-done", T0.plusSeconds(1)).orElseThrow().state()).isEqualTo(State.PENDING);
        sessions.complete("cs-done", "conn-new", T0.plusSeconds(2));

        assertThat(sessions.status("cs-done", T0.plus(LIFETIME).plusSeconds(1))).contains(
                new ConnectSessionStatus("cs-done", "acme", "conn-new", State.COMPLETED, null));
    }

    @Test
    void status_keepsTheFailureAndItsError_pastTheExpiry_andEndsOnlyOnce() {
        ConnectSessions sessions = sessions();
        ConnectSession session = new ConnectSession("cs-failed", "acme", "conn-9", Secret.of(random("state")), null,
                null, Map.of(), T0, T0.plus(LIFETIME));
        sessions.create(session);
        sessions.consume(session.state(), T0);
        ConnectSessionError error = new ConnectSessionError("access_denied", "the user said no");

        sessions.fail("cs-failed", error, T0.plusSeconds(1));
        sessions.complete("cs-failed", "conn-other", T0.plusSeconds(2));

        assertThat(sessions.status("cs-failed", T0.plus(LIFETIME).plusSeconds(60))).contains(
                new ConnectSessionStatus("cs-failed", "acme", "conn-9", State.FAILED, error));
    }

    @Test
    void status_keepsTheFailuresCause_andTheWarningsOfACompletedSession() {
        ConnectSessions sessions = sessions();
        ConnectSession failing = session("cs-caused");
        ConnectSession warned = session("cs-warned");
        sessions.create(failing);
        sessions.create(warned);
        sessions.consume(failing.state(), T0);
        sessions.consume(warned.state(), T0);
        ConnectSessionError error = new ConnectSessionError("client_refused", "the client was rejected",
                Cause.CLIENT_CREDENTIALS_REJECTED);

        sessions.fail("cs-caused", error, T0.plusSeconds(1));
        sessions.complete("cs-warned", "conn-warned", List.of(Cause.NO_REFRESH_TOKEN), T0.plusSeconds(1));

        assertThat(sessions.status("cs-caused", T0.plusSeconds(2)).orElseThrow().error().cause())
                .isEqualTo(Cause.CLIENT_CREDENTIALS_REJECTED);
        assertThat(sessions.status("cs-caused", T0.plusSeconds(2)).orElseThrow().warnings()).isEmpty();
        assertThat(sessions.status("cs-warned", T0.plusSeconds(2))).contains(new ConnectSessionStatus("cs-warned",
                "acme", "conn-warned", State.COMPLETED, null, List.of(Cause.NO_REFRESH_TOKEN)));
    }

    @Test
    void status_saysExpired_whenTheSessionRanOutUnended_andNothing_whenUnknown() {
        ConnectSessions sessions = sessions();
        sessions.create(session("cs-old"));

        assertThat(sessions.status("cs-old", T0.plus(LIFETIME)).orElseThrow().state()).isEqualTo(State.EXPIRED);
        assertThat(sessions.status("cs-never", T0)).isEmpty();
    }

    @Test
    void purge_deletesAtMostOneBatch_oldestFirst() {
        ConnectSessions sessions = sessions();
        int count = ConnectSessions.PURGE_BATCH + 3;
        for (int i = 0; i < count; i++) {
            Instant created = T0.plusSeconds(i);
            sessions.create(new ConnectSession("cs-many-" + i, "acme", null, Secret.of(random("state")), null, null,
                    Map.of(), created, created.plus(LIFETIME)));
        }
        Instant cutoff = T0.plus(LIFETIME).plusSeconds(count);

        assertThat(sessions.purge(cutoff)).isEqualTo(ConnectSessions.PURGE_BATCH);
        assertThat(sessions.status("cs-many-0", T0)).isEmpty();
        assertThat(sessions.status("cs-many-" + (count - 1), T0)).isPresent();
        assertThat(sessions.purge(cutoff)).isEqualTo(3);
    }

    /** A pending session with a new random state and code verifier, made at {@code T0}. */
    private static ConnectSession session(String id) {
        return new ConnectSession(id, "acme", null, Secret.of(random("state")), Secret.of(random("verifier")), null,
                Map.of(), T0, T0.plus(LIFETIME));
    }

    private static String random(String prefix) {
        return prefix + "-" + UUID.randomUUID() + UUID.randomUUID();
    }
}
