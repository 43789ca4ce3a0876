package dev.tokenkeeper.postgres.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.port.PendingRevocations;
import dev.tokenkeeper.core.port.PendingRevocations.Revocation;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.testkit.contract.PendingRevocationsContract;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresPendingRevocationsTest extends PendingRevocationsContract {
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
    protected PendingRevocations revocations() {
        TestDatabases.emptyTable(database, "revocations");
        return new PostgresPendingRevocations(database, cipher);
    }

    @Override
    protected Instant now() {
        return Instant.now();
    }

    @Test
    void table_holdsTheTokenEncrypted_neverInPlainText() {
        String token = "1//refresh-token-" + java.util.UUID.randomUUID();
        Instant now = Instant.now();
        revocations().add(new Revocation("rv-at-rest", "acme", "conn-1", Secret.of(token), "refresh_token", now,
                now.plus(Duration.ofHours(1)), now.plus(Duration.ofDays(3)), 0, null));

        String dump = database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select r::text from revocations r");
                    ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        });

        assertThat(dump).contains("rv-at-rest").doesNotContain(token)
                .doesNotContain(HexFormat.of().formatHex(token.getBytes(StandardCharsets.UTF_8)));
    }
}
