package dev.tokenkeeper.postgres.rekey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.JdkHttpTokenEndpoint;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.RefreshSettings;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import dev.tokenkeeper.memory.InMemoryProviderDirectory;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The job runs while instance A refreshes connections against the fake provider, and readers on A and on B (whose
 * keyset does not hold the new key yet) read every connection over and over.
 */
class ReencryptionWhileServingTest {
    private static final int CONNECTIONS = 300;
    private static final int REFRESHES_AMID_THE_JOB = 10;

    private final RekeyFixture fixture = new RekeyFixture();
    private final FakeProvider provider = FakeProvider.start();
    private final PostgresRefreshLease leases = new PostgresRefreshLease(fixture.database);
    private final JdkHttpTokenEndpoint endpoint = new JdkHttpTokenEndpoint(InstantSource.system());
    private final List<IssuedGrant> grants = new ArrayList<>();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean jobEnded = new AtomicBoolean();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();

    @AfterEach
    void close() {
        endpoint.close();
        leases.close();
        fixture.close();
        provider.close();
    }

    @Test
    void readersAndRefreshesSeeNoDecryptionFailureAndLoseNoWrite_whileTheJobRuns() {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE);
        List<String> ids = fixture.seed(CONNECTIONS, this::importedGrant);
        PostgresConnectionStore onB = fixture.otherInstance().store();
        RefreshEngine engine = engine();
        fixture.cipher.rotate();

        ReencryptionReport report;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PostgresConnectionStore store : List.of(fixture.store, onB, fixture.store, onB)) {
                threads.submit(() -> readUntilTheJobEnds(store, ids));
            }
            for (int seed = 0; seed < 2; seed++) {
                Random random = new Random(seed);
                threads.submit(() -> refreshUntilTheJobEnds(engine, ids, random));
            }
            report = fixture.job(5).run(waitingForRefreshesBeforeBatch(20));
            jobEnded.set(true);
        }

        assertThat(failures).isEmpty();
        assertThat(report.isComplete()).isTrue();
        assertThat(fixture.notCurrent(fixture.cipher)).isEmpty();
        assertThat(refreshes.get()).isGreaterThanOrEqualTo(REFRESHES_AMID_THE_JOB);
        assertThat(reads.get()).isGreaterThan(CONNECTIONS);
        for (int i = 0; i < CONNECTIONS; i++) {
            TokenSet stored = fixture.find(ids.get(i)).tokens();
            String grant = grants.get(i).grantId();
            assertThat(stored.accessToken().reveal()).isEqualTo(provider.currentAccessToken(grant).orElseThrow());
            assertThat(stored.refreshToken().reveal()).isEqualTo(provider.currentRefreshToken(grant).orElseThrow());
        }
    }

    /** Before its n-th batch the job waits for more refreshes to commit, so commits land in the middle of it. */
    private BooleanSupplier waitingForRefreshesBeforeBatch(int n) {
        AtomicInteger batches = new AtomicInteger();
        return () -> {
            if (batches.incrementAndGet() == n) {
                int before = refreshes.get();
                await().until(() -> refreshes.get() >= before + REFRESHES_AMID_THE_JOB || !failures.isEmpty());
            }
            return false;
        };
    }

    private void readUntilTheJobEnds(PostgresConnectionStore store, List<String> ids) {
        try {
            do {
                for (String id : ids) {
                    Connection read = store.find(id).orElseThrow();
                    assertThat(read.tokens().accessToken().reveal()).isNotBlank();
                    store.quarantined(id);
                    reads.incrementAndGet();
                }
            } while (!jobEnded.get());
        } catch (RuntimeException | AssertionError e) {
            failures.add(e);
        }
    }

    private void refreshUntilTheJobEnds(RefreshEngine engine, List<String> ids, Random random) {
        try {
            do {
                TokenAnswer answer = engine.refresh(ids.get(random.nextInt(ids.size())));
                assertThat(answer).isInstanceOf(TokenAnswer.Fresh.class);
                refreshes.incrementAndGet();
            } while (!jobEnded.get());
        } catch (RuntimeException | AssertionError e) {
            failures.add(e);
        }
    }

    private TokenSet importedGrant(int index) {
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        grants.add(grant);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new TokenSet(Secret.of(grant.accessToken()), Secret.of(grant.refreshToken()), null, now,
                now.plusSeconds(3600), List.of(), Map.of("index", index));
    }

    private RefreshEngine engine() {
        InMemoryProviderDirectory providers = new InMemoryProviderDirectory();
        providers.put(ProviderConfig.builder("fake").tokenUrl(provider.tokenUrl())
                .clientId(FakeProvider.DEFAULT_CLIENT_ID)
                .clientSecret(Secret.of(FakeProvider.DEFAULT_CLIENT_SECRET)).build());
        return new RefreshEngine(fixture.store, leases, providers, endpoint, InstantSource.system(),
                RefreshSettings.defaults("instance-a"), new Random(7));
    }
}
