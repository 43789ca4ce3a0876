package dev.tokenkeeper.postgres.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.port.ReconnectLink;
import dev.tokenkeeper.core.port.ReconnectLinkStore;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.testkit.contract.ReconnectLinkStoreContract;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresReconnectLinkStoreTest extends ReconnectLinkStoreContract {
    private static PostgresDatabase database;

    @BeforeAll
    static void open() {
        database = TestDatabases.fresh();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    /** One database for the class, emptied for each test (the sessions go with their links). */
    @Override
    protected ReconnectLinkStore store() {
        TestDatabases.emptyTable(database, "reconnect_links");
        return new PostgresReconnectLinkStore(database);
    }

    @Override
    protected Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @Test
    void table_holdsOnlyTheSha256OfTheToken_neverTheToken() {
        String token = "rlt_" + java.util.UUID.randomUUID();
        store().create(new ReconnectLink("rl_hash", "conn_1", null, now(), now().plusSeconds(60), null, null),
                Secret.of(token));

        String dump = database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select r::text from reconnect_links r");
                    ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        });

        assertThat(dump).contains("rl_hash").doesNotContain(token)
                .doesNotContain(HexFormat.of().formatHex(token.getBytes(StandardCharsets.US_ASCII)))
                .contains(HexFormat.of().formatHex(ReconnectLinkStore.tokenHash(Secret.of(token))));
    }
}
