package dev.tokenkeeper.postgres.crypto;

import com.google.crypto.tink.KeysetHandle;
import dev.tokenkeeper.core.port.TokenCipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TokenCipher} of Tokenkeeper: Tink AEAD under AES-256-GCM keys whose ids prefix every ciphertext, with
 * rotation that swaps in a keyset holding a new primary key and every older one, without blocking encryption.
 *
 * <p>Instances sharing a keyset file pick up a rotation made by another one: a ciphertext under a key this keyset
 * lacks makes it read the file again (at once if the file was replaced since it was read, else at most once a
 * second) and retry once; from then on it also encrypts under the new primary key. A keyset given inline cannot
 * change, so there the keyset must be updated on every instance.
 */
public final class TinkTokenCipher implements TokenCipher {
    /**
     * The least time between two reloads caused by unknown keys while the keyset file looks unchanged, so corrupted
     * rows cannot make every read parse the file; a file replaced since its last read is reloaded at once.
     */
    public static final Duration RELOAD_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(TinkTokenCipher.class);

    private final KeysetStore store;
    private final InstantSource clock;
    private final ReentrantLock keysetChange = new ReentrantLock();
    private volatile ActiveKeyset active;
    private Instant lastReload = Instant.MIN;

    private TinkTokenCipher(KeysetStore store, InstantSource clock, ActiveKeyset active) {
        this.store = store;
        this.clock = clock;
        this.active = active;
    }

    /** Loads the keyset from {@code store}; throws {@link KeysetException} when it cannot be used. */
    public static TinkTokenCipher open(KeysetStore store) {
        return open(store, InstantSource.system());
    }

    /** As {@link #open(KeysetStore)}, with the clock that spaces reloads {@link #RELOAD_INTERVAL} apart. */
    public static TinkTokenCipher open(KeysetStore store, InstantSource clock) {
        ActiveKeyset active = ActiveKeyset.of(store.load());
        LOG.info("token cipher uses {}: primary key {} of {}", store.source(), active.ids().primary(),
                active.ids().all());
        return new TinkTokenCipher(store, Objects.requireNonNull(clock, "clock"), active);
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
            if (keyset.mayHoldKeyOf(ciphertext)) {
                throw new UndecryptableException(keyset.diagnose(ciphertext), e);
            }
            return decryptWithNewerKeyset(keyset, ciphertext, associatedData, e);
        }
    }

    @Override
    public boolean isCurrent(byte[] ciphertext) {
        return active.isPrimary(Objects.requireNonNull(ciphertext, "ciphertext"));
    }

    /**
     * The bytes every ciphertext made now starts with: Tink's output prefix, the version byte 0x01 then the primary
     * key id in 4 big-endian bytes; a stored value not starting with them is not {@linkplain #isCurrent current}.
     */
    public byte[] primaryKeyPrefix() {
        return active.primaryPrefix();
    }

    /**
     * Adds a new AES-256-GCM key as primary, keeping every older key (and any key another instance added to the
     * stored keyset meanwhile), saves the keyset, then puts it in use; when saving fails (or the keyset was given
     * inline) a {@link KeysetException} is thrown and nothing changes.
     */
    public KeysetIds rotate() {
        keysetChange.lock();
        try {
            adoptStoredKeyset();
            ActiveKeyset rotated = ActiveKeyset.of(Keysets.withNewPrimary(active.keyset()));
            store.save(rotated.keyset());
            active = rotated;
            LOG.info("rotated {}: primary key {} of {}", store.source(), rotated.ids().primary(), rotated.ids().all());
            return rotated.ids();
        } finally {
            keysetChange.unlock();
        }
    }

    /**
     * Reads the keyset again from its store, as another instance may have rotated it, and puts it in use when it
     * still holds the primary key in use; an inline keyset stays as it is. Returns the key ids in use afterwards.
     */
    public KeysetIds reload() {
        keysetChange.lock();
        try {
            adoptStoredKeyset();
            return active.ids();
        } finally {
            keysetChange.unlock();
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

    /** A ciphertext under a key {@code stale} lacks: another instance may have rotated the shared keyset. */
    private byte[] decryptWithNewerKeyset(ActiveKeyset stale, byte[] ciphertext, String associatedData,
            GeneralSecurityException failure) {
        ActiveKeyset newer = newerThan(stale);
        if (newer == null) {
            throw new UndecryptableException(stale.diagnose(ciphertext) + "; " + store.missingKeyAdvice(), failure);
        }
        try {
            return newer.aead().decrypt(ciphertext, bytes(associatedData));
        } catch (GeneralSecurityException e) {
            String advice = newer.mayHoldKeyOf(ciphertext) ? "" : "; " + store.missingKeyAdvice();
            throw new UndecryptableException(newer.diagnose(ciphertext) + advice, e);
        }
    }

    /** The keyset in use if it changed since {@code seen}, else the stored one when it is newer; else null. */
    private ActiveKeyset newerThan(ActiveKeyset seen) {
        keysetChange.lock();
        try {
            if (active != seen) {
                return active;
            }
            Instant now = clock.instant();
            if (now.isBefore(lastReload.plus(RELOAD_INTERVAL)) && !store.mayHaveChanged()) {
                return null;
            }
            lastReload = now;
            return adoptStoredKeyset() ? active : null;
        } finally {
            keysetChange.unlock();
        }
    }

    /** Puts the stored keyset in use when it differs and holds the primary key in use; caller holds the lock. */
    private boolean adoptStoredKeyset() {
        Optional<KeysetHandle> stored;
        try {
            stored = store.reload();
        } catch (KeysetException e) {
            LOG.warn("cannot reload the keyset, keeping the one in use: {}", e.getMessage());
            return false;
        }
        if (stored.isEmpty()) {
            return false;
        }
        ActiveKeyset loaded = ActiveKeyset.of(stored.get());
        KeysetIds was = active.ids();
        if (loaded.ids().equals(was)) {
            return false;
        }
        if (!loaded.ids().all().contains(was.primary())) {
            LOG.warn("{} no longer holds primary key {} (it holds {}): keeping the keyset in use, as every value"
                    + " encrypted under that key would no longer decrypt", store.source(), was.primary(),
                    loaded.ids().all());
            return false;
        }
        active = loaded;
        LOG.info("reloaded {}: primary key {} of {} (was primary key {} of {})", store.source(),
                loaded.ids().primary(), loaded.ids().all(), was.primary(), was.all());
        return true;
    }

    private static byte[] bytes(String associatedData) {
        return Objects.requireNonNull(associatedData, "associated data").getBytes(StandardCharsets.UTF_8);
    }
}
