package dev.tokenkeeper.postgres.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deleting a provider config while connections use it, or while one is being created, decided by the database. */
class ProviderDeleteTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final PostgresDatabase database = TestDatabases.fresh();
    private final TinkTokenCipher cipher = TestCiphers.fresh();
    private final PostgresProviderDirectory providers = new PostgresProviderDirectory(database, cipher);
    private final PostgresConnectionStore store = new PostgresConnectionStore(database, cipher);

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void delete_refusesAndCountsTheConnections_whenConnectionsUseTheProvider() {
        providers.save(config("acme"));
        assertThat(store.create(creation("c-1", "acme"))).isTrue();
        assertThat(store.create(creation("c-2", "acme"))).isTrue();

        assertThat(providers.delete("acme")).isEqualTo(new ProviderDeletion.InUse(2));
        assertThat(providers.find("acme")).isPresent();
    }

    @Test
    void delete_succeeds_onceItsConnectionsAreDeleted() {
        providers.save(config("acme"));
        store.create(creation("c-1", "acme"));
        store.delete("c-1");

        assertThat(providers.delete("acme")).isInstanceOf(ProviderDeletion.Deleted.class);
        assertThat(providers.find("acme")).isEmpty();
    }

    @Test
    void create_isRefused_afterTheProviderWasDeleted_andAllowedAgainOnceItIsSavedAgain() {
        providers.save(config("acme"));
        providers.delete("acme");

        assertThat(store.create(creation("c-1", "acme"))).isFalse();
        assertThat(store.find("c-1")).isEmpty();
        providers.save(config("acme"));
        assertThat(store.create(creation("c-1", "acme"))).isTrue();
    }

    @Test
    void create_isAllowed_forAProviderNeverStoredHere() {
        assertThat(store.create(creation("c-1", "kept-elsewhere"))).isTrue();
    }

    @Test
    void deleteAndCreate_racing_neverLeaveAConnectionOfADeletedProvider() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 40; round++) {
                String key = "race-" + round;
                String id = "conn-" + round;
                providers.save(config(key));
                CyclicBarrier start = new CyclicBarrier(2);
                CompletableFuture<Boolean> created = CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return store.create(creation(id, key));
                }, threads);
                CompletableFuture<ProviderDeletion> deleted = CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return providers.delete(key);
                }, threads);

                boolean connectionWritten = created.get(60, TimeUnit.SECONDS);
                ProviderDeletion deletion = deleted.get(60, TimeUnit.SECONDS);

                assertThat(store.find(id).isPresent()).isEqualTo(connectionWritten);
                if (connectionWritten) {
                    assertThat(deletion).as("round %d", round).isEqualTo(new ProviderDeletion.InUse(1));
                    assertThat(providers.find(key)).isPresent();
                } else {
                    assertThat(deletion).as("round %d", round).isInstanceOf(ProviderDeletion.Deleted.class);
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProviderConfig config(String key) {
        return ProviderConfig.builder(key).tokenUrl(URI.create("https://" + key + ".example/oauth/token"))
                .clientId("client-" + key).build();
    }

    private static Transition creation(String id, String provider) {
        TokenSet tokens = new TokenSet(Secret.of("at-" + id), Secret.of("rt-" + id), "bearer", T0,
                T0.plusSeconds(3600), List.of(), Map.of());
        return ConnectionLifecycle.created(id, provider, tokens, Map.of(), T0, T0.plusSeconds(3000));
    }
}
