package dev.tokenkeeper.postgres.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.webhook.DeliveryAttempt;
import dev.tokenkeeper.core.webhook.DeliveryStatus;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import dev.tokenkeeper.core.webhook.WebhookStore;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.testkit.contract.WebhookStoreContract;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresWebhookStoreTest extends WebhookStoreContract {
    private static PostgresDatabase database;
    private static TinkTokenCipher cipher;

    @BeforeAll
    static void open() {
        database = TestDatabases.fresh();
        cipher = TestCiphers.fresh();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    /** One database for the class, emptied for each test. */
    @Override
    protected WebhookStore store() {
        TestDatabases.emptyTable(database, "webhook_endpoints");
        return new PostgresWebhookStore(database, cipher);
    }

    @Override
    protected Instant now() {
        return Instant.now();
    }

    /**
     * An endpoint disabled and enabled again while its deliveries' attempts are recorded: both kinds of transaction
     * write the endpoint and its deliveries, and taking them in opposite orders deadlocked (PostgreSQL then fails one,
     * a 500 for a PATCH). Seeded, bounded: 300 deliveries against 60 toggles.
     */
    @Test
    void recordingAttempts_whileTheEndpointIsDisabledAndEnabled_neverDeadlocks() throws Exception {
        WebhookStore store = store();
        WebhookEndpoint endpoint = new WebhookEndpoint("we_busy", URI.create("https://hooks.example.com/busy"), null,
                Set.of(), true, null, null, now(), now());
        store.createEndpoint(endpoint, Secret.of("whsec_busy"));
        for (int i = 0; i < 300; i++) {
            store.enqueue("we_busy", "ping", "{}", now());
        }
        List<WebhookStore.Claimed> claimed = store.claimDue("dispatcher", Duration.ofMinutes(5), 300, 300);
        assertThat(claimed).hasSize(300);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int part = 0; part < 2; part++) {
                List<WebhookStore.Claimed> mine = claimed.subList(part * 150, part * 150 + 150);
                work.add(threads.submit(() -> mine.forEach(one -> store.recordAttempt(one, new DeliveryAttempt(
                        now(), 500, null, Duration.ofMillis(1), null), DeliveryStatus.PENDING, now()))));
            }
            work.add(threads.submit(() -> {
                for (int i = 0; i < 60; i++) {
                    boolean enabled = i % 2 == 1;
                    store.updateEndpoint(new WebhookEndpoint("we_busy", endpoint.url(), null, Set.of(), enabled,
                            null, null, endpoint.createdAt(), now()));
                }
            }));
            for (Future<?> each : work) {
                each.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        // A delivery whose lease the disable took is refused its record; none is recorded twice.
        assertThat(claimed).allSatisfy(one -> assertThat(store.attempts(one.delivery().id())).hasSizeLessThan(2));
    }

    @Test
    void untilNextDue_ofADeliveryLeasedElsewhere_isWhenTheLeaseRunsOut_notNow() {
        WebhookStore store = store();
        store.createEndpoint(new WebhookEndpoint("we_leased", URI.create("https://hooks.example.com/leased"), null,
                Set.of(), true, null, null, now(), now()), Secret.of("whsec_leased"));
        store.enqueue("we_leased", "ping", "{}", now());
        assertThat(store.untilNextDue()).hasValue(Duration.ZERO);

        assertThat(store.claimDue("elsewhere", Duration.ofMinutes(5), 1, 1)).hasSize(1);

        // Before, a worker saw it due at once and polled every 250 ms while another instance was sending it.
        assertThat(store.untilNextDue()).hasValueSatisfying(wait -> assertThat(wait)
                .isGreaterThan(Duration.ofMinutes(4)).isLessThanOrEqualTo(Duration.ofMinutes(5)));
    }

    @Test
    void table_holdsTheSecretsEncrypted_neverInPlainText() {
        String secret = "whsec_" + java.util.UUID.randomUUID();
        WebhookStore store = store();
        store.createEndpoint(new WebhookEndpoint("we_rest", URI.create("https://hooks.example.com/rest"), null,
                Set.of(), true, null, null, now(), now()), Secret.of(secret));
        store.rotateSecret("we_rest", Secret.of(secret + "-new"), now().plusSeconds(60));

        String dump = database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select e::text from webhook_endpoints e");
                    ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        });

        assertThat(dump).contains("we_rest").doesNotContain(secret)
                .doesNotContain(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)));
        assertThat(store.secrets("we_rest").orElseThrow().previous().reveal()).isEqualTo(secret);
    }
}
