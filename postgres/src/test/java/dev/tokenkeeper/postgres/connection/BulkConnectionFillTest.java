package dev.tokenkeeper.postgres.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class BulkConnectionFillTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void filledConnections_readBackThroughTheStore_decryptedAndScheduled() {
        TinkTokenCipher cipher = TestCiphers.fresh();
        try (PostgresDatabase database = TestDatabases.fresh()) {
            BulkConnectionFill.fill(database, cipher, 12_001, 2, i -> new BulkConnectionFill.Row("bulk-" + i,
                    "p" + i % 3, "at_" + i, "rt_" + i, NOW.minusSeconds(60), NOW.plusSeconds(3600),
                    NOW.plusSeconds(i)));

            Connection last = new PostgresConnectionStore(database, cipher).find("bulk-12000").orElseThrow();
            assertThat(last.state()).isEqualTo(ConnectionState.ACTIVE);
            assertThat(last.providerKey()).isEqualTo("p0");
            assertThat(last.tokens().accessToken()).isEqualTo(Secret.of("at_12000"));
            assertThat(last.tokens().refreshToken()).isEqualTo(Secret.of("rt_12000"));
            assertThat(last.tokens().expiresAt()).isEqualTo(NOW.plusSeconds(3600));
            assertThat(last.nextRefreshAt()).isEqualTo(NOW.plusSeconds(12_000));
            assertThat(new PostgresConnectionStore(database, cipher).find("bulk-0")).isPresent();
        }
    }
}
