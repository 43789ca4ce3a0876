package dev.tokenkeeper.postgres.crypto;

import com.google.crypto.tink.KeysetHandle;
import java.util.Objects;
import java.util.Optional;

/**
 * A keyset given as cleartext JSON in {@code TOKENKEEPER_KEYSET}; it cannot be written back, so rotation is refused
 * (a key added only in memory would be gone after a restart, and every token encrypted under it with it).
 */
public final class InlineKeyset implements KeysetStore {
    private final String json;

    public InlineKeyset(String json) {
        this.json = Objects.requireNonNull(json, "keyset JSON");
    }

    @Override
    public KeysetHandle load() {
        return Keysets.parse(json, source());
    }

    /** Empty: the environment of a running process does not change, so only a restart brings a new keyset. */
    @Override
    public Optional<KeysetHandle> reload() {
        return Optional.empty();
    }

    @Override
    public boolean mayHaveChanged() {
        return false;
    }

    @Override
    public String missingKeyAdvice() {
        return "the keyset is given inline in " + ENVIRONMENT_VARIABLE + ", so a key added by a rotation elsewhere is"
                + " never picked up: the keyset must be updated on every instance (and each one restarted)";
    }

    @Override
    public void save(KeysetHandle keyset) {
        throw new KeysetException(source(), "a keyset given inline cannot be saved, so it cannot be rotated here;"
                + " give " + ENVIRONMENT_VARIABLE + " the path of a keyset file instead, or rotate the keyset"
                + " with Tinkey and restart");
    }

    @Override
    public boolean isWritable() {
        return false;
    }

    @Override
    public String source() {
        return ENVIRONMENT_VARIABLE;
    }

    @Override
    public String toString() {
        return "InlineKeyset[" + ENVIRONMENT_VARIABLE + "]";
    }
}
