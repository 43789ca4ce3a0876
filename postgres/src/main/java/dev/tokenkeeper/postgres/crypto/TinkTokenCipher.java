package dev.tokenkeeper.postgres.crypto;

import dev.tokenkeeper.core.port.TokenCipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TokenCipher} of Tokenkeeper: Tink AEAD under AES-256-GCM keys whose ids prefix every ciphertext, with
 * rotation that swaps in a keyset holding a new primary key and every older one, without blocking encryption.
 */
public final class TinkTokenCipher implements TokenCipher {
    private static final Logger LOG = LoggerFactory.getLogger(TinkTokenCipher.class);

    private final KeysetStore store;
    private final ReentrantLock rotation = new ReentrantLock();
    private volatile ActiveKeyset active;

    private TinkTokenCipher(KeysetStore store, ActiveKeyset active) {
        this.store = store;
        this.active = active;
    }

    /** Loads the keyset from {@code store}; throws {@link KeysetException} when it cannot be used. */
    public static TinkTokenCipher open(KeysetStore store) {
        ActiveKeyset active = ActiveKeyset.of(store.load());
        LOG.info("token cipher uses {}: primary key {} of {}", store.source(), active.ids().primary(),
                active.ids().all());
        return new TinkTokenCipher(store, active);
    }

    @Override
    public byte[] encrypt(byte[] plaintext, String associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        try {
            return active.aead().encrypt(plaintext, bytes(associatedData));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption under the primary key failed", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, String associatedData) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        ActiveKeyset keyset = active;
        try {
            return keyset.aead().decrypt(ciphertext, bytes(associatedData));
        } catch (GeneralSecurityException e) {
            throw new UndecryptableException(keyset.diagnose(ciphertext), e);
        }
    }

    @Override
    public boolean isCurrent(byte[] ciphertext) {
        return active.isPrimary(Objects.requireNonNull(ciphertext, "ciphertext"));
    }

    /**
     * Adds a new AES-256-GCM key as primary, keeping every older key, saves the keyset, then puts it in use; when
     * saving fails (or the keyset was given inline) a {@link KeysetException} is thrown and nothing changes.
     */
    public KeysetIds rotate() {
        rotation.lock();
        try {
            ActiveKeyset rotated = ActiveKeyset.of(Keysets.withNewPrimary(active.keyset()));
            store.save(rotated.keyset());
            active = rotated;
            LOG.info("rotated {}: primary key {} of {}", store.source(), rotated.ids().primary(), rotated.ids().all());
            return rotated.ids();
        } finally {
            rotation.unlock();
        }
    }

    /** False when the keyset cannot be saved (given inline), so {@link #rotate()} would be refused. */
    public boolean canRotate() {
        return store.isWritable();
    }

    public KeysetIds keysetIds() {
        return active.ids();
    }

    @Override
    public String toString() {
        return "TinkTokenCipher[" + store.source() + ", " + active.ids() + "]";
    }

    private static byte[] bytes(String associatedData) {
        return Objects.requireNonNull(associatedData, "associated data").getBytes(StandardCharsets.UTF_8);
    }
}
