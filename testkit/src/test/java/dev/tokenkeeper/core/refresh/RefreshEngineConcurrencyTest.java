package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Single flight under load, against the fake provider over real HTTP. */
class RefreshEngineConcurrencyTest {

    @ParameterizedTest(name = "{0} instance(s)")
    @ValueSource(ints = {1, 4})
    void freshToken_callsTheProviderOnce_when200ThreadsAskForOneExpiredConnection(int instances) throws Exception {
        try (EngineFixture fixture = new EngineFixture()) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                    .tokenLatency(Duration.ofMillis(200));
            EngineFixture.Imported imported = fixture.importExpired("expired-1");
            List<RefreshEngine> engines = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                engines.add(fixture.engine("instance-" + i));
            }

            List<TokenAnswer> answers = askConcurrently(200, i -> engines.get(i % instances).freshToken(
                    imported.id()));

            assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(1);
            assertThat(fixture.provider.anyGrantRevoked()).isFalse();
            assertThat(answers).hasSize(200).allSatisfy(a -> assertThat(a).isInstanceOf(TokenAnswer.Fresh.class));
            Set<Secret> tokens = ConcurrentHashMap.newKeySet();
            answers.forEach(a -> tokens.add(((TokenAnswer.Fresh) a).tokens().accessToken()));
            assertThat(tokens).containsExactly(
                    Secret.of(fixture.provider.currentAccessToken(imported.grantId()).orElseThrow()));
        }
    }

    @Test
    void refresh_callsTheProviderOnce_when50ForcedRefreshesRace() throws Exception {
        try (EngineFixture fixture = new EngineFixture()) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                    .tokenLatency(Duration.ofMillis(200));
            EngineFixture.Imported imported = fixture.importGrant("forced-1");
            RefreshEngine engine = fixture.engine("instance-0");

            List<TokenAnswer> answers = askConcurrently(50, i -> engine.refresh(imported.id()));

            assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(1);
            assertThat(answers).allSatisfy(a -> assertThat(a).isInstanceOf(TokenAnswer.Fresh.class));
            assertThat(fixture.stored(imported.id()).refreshCount()).isEqualTo(1);
        }
    }

    @Test
    void refresh_neverLosesARotatedRefreshToken_whenTwoInstancesKeepRacing() throws Exception {
        try (EngineFixture fixture = new EngineFixture()) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                    .tokenLatency(Duration.ofMillis(5));
            EngineFixture.Imported imported = fixture.importGrant("race-1");
            RefreshEngine first = fixture.engine("instance-a");
            RefreshEngine second = fixture.engine("instance-b");

            for (int round = 0; round < 25; round++) {
                askConcurrently(4, i -> (i % 2 == 0 ? first : second).refresh(imported.id()));
            }

            assertThat(fixture.provider.anyGrantRevoked()).isFalse();
            assertThat(fixture.provider.refreshCount(imported.grantId())).isBetween(25L, 100L);
            assertThat(fixture.stored(imported.id()).tokens().refreshToken())
                    .isEqualTo(Secret.of(fixture.provider.currentRefreshToken(imported.grantId()).orElseThrow()));
        }
    }

    /**
     * 1,000 connections with 2-second rotating tokens under reuse detection, asked for by 16 threads over two
     * instances for a bounded time: no grant revoked, no get failed, no expired token served.
     */
    @Test
    void freshToken_keeps1000RotatingGrantsAlive_under16ThreadsOnTwoInstances() throws Exception {
        try (EngineFixture fixture = new EngineFixture()) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                    .accessTokenLifetime(Duration.ofSeconds(2));
            int connections = 1_000;
            List<EngineFixture.Imported> imported = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                imported.add(fixture.importGrant("load-" + i));
            }
            RefreshEngine[] engines = {fixture.engine("instance-a"), fixture.engine("instance-b")};
            AtomicLong gets = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicReference<String> firstFailure = new AtomicReference<>();
            long runNanos = Duration.ofSeconds(6).toNanos();
            // The run is bounded by time; the count cap only guards against a clock that does not move.
            long maxGetsPerThread = 50_000_000;

            try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    int thread = t;
                    workers.add(pool.submit(() -> {
                        SplittableRandom random = new SplittableRandom(thread);
                        long end = System.nanoTime() + runNanos;
                        for (long n = 0; n < maxGetsPerThread && System.nanoTime() < end; n++) {
                            String id = imported.get(random.nextInt(connections)).id();
                            TokenAnswer answer = engines[thread % 2].freshToken(id);
                            gets.incrementAndGet();
                            String problem = problem(answer, fixture.clock.instant());
                            if (problem != null) {
                                failed.incrementAndGet();
                                firstFailure.compareAndSet(null, id + ": " + problem);
                            }
                        }
                    }));
                }
                for (Future<?> worker : workers) {
                    worker.get();
                }
            }

            assertThat(failed).as("failed gets; first: %s", firstFailure.get()).hasValue(0);
            assertThat(fixture.provider.anyGrantRevoked()).as("revoked grants: %s",
                    fixture.provider.revokedGrants()).isFalse();
            assertThat(fixture.provider.refreshCount()).as("refreshes happened").isGreaterThanOrEqualTo(connections);
            // Refreshes ahead started by the last gets may still be in flight when the load stops: the provider has
            // rotated, the commit is coming. Every one of them must land; a lost rotation never would.
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                for (EngineFixture.Imported grant : imported) {
                    Connection stored = fixture.stored(grant.id());
                    assertThat(stored.tokens().refreshToken()).as(grant.id()).isEqualTo(
                            Secret.of(fixture.provider.currentRefreshToken(grant.grantId()).orElseThrow()));
                }
            });
            for (EngineFixture.Imported grant : imported) {
                assertThat(fixture.store.quarantined(grant.id())).isEmpty();
            }
            assertThat(fixture.provider.anyGrantRevoked()).as("revoked grants after the last refreshes: %s",
                    fixture.provider.revokedGrants()).isFalse();
            System.out.printf("load: %d gets, %d refreshes, 0 failed, 0 revoked%n", gets.get(),
                    fixture.provider.refreshCount());
        }
    }

    private static String problem(TokenAnswer answer, Instant now) {
        if (!(answer instanceof TokenAnswer.Fresh fresh)) {
            return "answer " + answer;
        }
        Instant expiresAt = fresh.tokens().expiresAt();
        return expiresAt != null && !expiresAt.isAfter(now) ? "served a token that expired at " + expiresAt : null;
    }

    /** One caller's question to an engine. */
    interface Ask {
        TokenAnswer ask(int caller) throws Exception;
    }

    /** Asks from {@code callers} threads released together; the answers in caller order. */
    static List<TokenAnswer> askConcurrently(int callers, Ask ask) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TokenAnswer>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                int caller = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return ask.ask(caller);
                }));
            }
            start.countDown();
            List<TokenAnswer> answers = new ArrayList<>();
            for (Future<TokenAnswer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        }
    }
}
