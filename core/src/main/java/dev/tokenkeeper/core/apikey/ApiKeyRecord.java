package dev.tokenkeeper.core.apikey;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An API key as it is stored: its id, a label for people, the SHA-256 of the key (never the key) and its creation.
 *
 * @param id        the key's id, for listing and deleting it
 * @param label     what the key is for, as its creator named it
 * @param sha256    the {@link ApiKeys#hash hash} of the key, {@value #HASH_BYTES} bytes; copied in and out
 * @param createdAt when the key was made
 */
public record ApiKeyRecord(String id, String label, byte[] sha256, Instant createdAt) {
    /** The length of a SHA-256 hash. */
    public static final int HASH_BYTES = 32;

    public ApiKeyRecord {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an api key id must not be blank");
        }
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(sha256, "sha256");
        if (sha256.length != HASH_BYTES) {
            throw new IllegalArgumentException(
                    "an api key hash must be " + HASH_BYTES + " bytes (SHA-256), not " + sha256.length);
        }
        sha256 = sha256.clone();
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A copy of the hash. */
    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKeyRecord that && id.equals(that.id) && label.equals(that.label)
                && Arrays.equals(sha256, that.sha256) && createdAt.equals(that.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, label, Arrays.hashCode(sha256), createdAt);
    }

    @Override
    public String toString() {
        return "ApiKeyRecord[id=" + id + ", label=" + label + ", sha256=" + HexFormat.of().formatHex(sha256)
                + ", createdAt=" + createdAt + "]";
    }
}
