package dev.tokenkeeper.postgres.metrics;

import dev.tokenkeeper.core.action.ActionStore;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.DeploymentCounts;
import dev.tokenkeeper.core.webhook.WebhookStore;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.action.PostgresActionStore;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.postgres.webhook.PostgresWebhookStore;
import dev.tokenkeeper.testkit.contract.DeploymentCountsContract;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresDeploymentCountsTest extends DeploymentCountsContract {
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
    protected DeploymentCounts counts() {
        for (String table : List.of("actions", "webhook_deliveries", "webhook_endpoints", "connection_events",
                "connections")) {
            TestDatabases.emptyTable(database, table);
        }
        return new PostgresDeploymentCounts(database);
    }

    @Override
    protected ConnectionStore connections() {
        return new PostgresConnectionStore(database, cipher);
    }

    @Override
    protected WebhookStore webhooks() {
        return new PostgresWebhookStore(database, cipher);
    }

    @Override
    protected ActionStore actions() {
        return new PostgresActionStore(database, cipher);
    }

    @Override
    protected Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
