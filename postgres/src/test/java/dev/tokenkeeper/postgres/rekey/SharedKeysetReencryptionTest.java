package dev.tokenkeeper.postgres.rekey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.port.TokenCipher.UndecryptableException;
import dev.tokenkeeper.postgres.connection.CorruptConnectionException;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.crypto.InlineKeyset;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Instance A rotates and re-encrypts; instance B, started before, shares the database and the keyset. */
class SharedKeysetReencryptionTest {
    private final RekeyFixture fixture = new RekeyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void instanceSharingTheKeysetFile_readsEveryRowAndWritesUnderTheNewKey_afterAnotherRotatedAndReencrypted() {
        List<String> ids = fixture.seed(100);
        RekeyFixture.Instance b = fixture.otherInstance();
        Map<String, Object> before = RekeyFixture.readAll(b.store(), ids);
        fixture.cipher.rotate();
        assertThat(fixture.job(10).run().isComplete()).isTrue();

        assertThat(RekeyFixture.readAll(b.store(), ids)).isEqualTo(before);
        assertThat(b.cipher().keysetIds()).isEqualTo(fixture.cipher.keysetIds());
        b.store().create(ConnectionLifecycle.created("written-by-b", "fake", RekeyFixture.tokens(1), Map.of(),
                Instant.now(), null));
        assertThat(fixture.notCurrent(fixture.cipher)).isEmpty();
    }

    @Test
    void instanceWithAnInlineKeyset_failsSayingEveryInstanceNeedsTheNewKeyset_afterAnotherRotated() throws Exception {
        fixture.seed(10);
        String json = Files.readString(fixture.keysetFile.path());
        PostgresConnectionStore b = new PostgresConnectionStore(fixture.database,
                TinkTokenCipher.open(new InlineKeyset(json)));
        fixture.cipher.rotate();
        fixture.job(10).run();

        assertThatThrownBy(() -> b.find("c-0001"))
                .isInstanceOf(CorruptConnectionException.class)
                .cause().isInstanceOf(UndecryptableException.class)
                .hasMessageContaining("TOKENKEEPER_KEYSET")
                .hasMessageContaining("must be updated on every instance");
    }
}
