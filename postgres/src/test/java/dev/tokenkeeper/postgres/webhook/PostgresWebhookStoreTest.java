package dev.tokenkeeper.postgres.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.token.Secret;
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
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
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
