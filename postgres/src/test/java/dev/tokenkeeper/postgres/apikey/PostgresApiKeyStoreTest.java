package dev.tokenkeeper.postgres.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.apikey.ApiKeyRecord;
import dev.tokenkeeper.core.apikey.ApiKeys;
import dev.tokenkeeper.core.port.ApiKeyStore;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.testkit.contract.ApiKeyStoreContract;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresApiKeyStoreTest extends ApiKeyStoreContract {
    private static PostgresDatabase database;

    @BeforeAll
    static void open() {
        database = TestDatabases.fresh();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    /** One database for the class, emptied for each test. */
    @Override
    protected ApiKeyStore store() {
        TestDatabases.emptyTable(database, "api_keys");
        return new PostgresApiKeyStore(database);
    }

    @Test
    void table_holdsTheKeysHashButNeverTheKey() {
        Secret key = ApiKeys.generate();
        store().add(new ApiKeyRecord("admin", "the admin key", ApiKeys.hash(key), Instant.now()));

        String dump = database.withConnection(db -> {
            try (Statement select = db.createStatement();
                    ResultSet row = select.executeQuery("select t::text from api_keys t")) {
                row.next();
                return row.getString(1);
            }
        });

        String keyText = key.reveal().substring(ApiKeys.PREFIX.length());
        assertThat(dump).contains("admin", HexFormat.of().formatHex(ApiKeys.hash(key)))
                .doesNotContain(keyText)
                .doesNotContain(HexFormat.of().formatHex(key.reveal().getBytes(StandardCharsets.UTF_8)));
    }
}
