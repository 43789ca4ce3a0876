package dev.tokenkeeper.postgres.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadKey;
import com.google.crypto.tink.util.Bytes;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.Set;

/** An immutable snapshot of the keyset in use: its AEAD primitive and the key-id prefixes of its ciphertexts. */
final class ActiveKeyset {
    private final KeysetHandle keyset;
    private final Aead aead;
    private final Bytes primaryPrefix;
    private final Set<Bytes> prefixes;
    private final boolean hasUnprefixedKey;
    private final KeysetIds ids;

    private ActiveKeyset(KeysetHandle keyset, Aead aead) {
        this.keyset = keyset;
        this.aead = aead;
        this.primaryPrefix = ((AeadKey) keyset.getPrimary().getKey()).getOutputPrefix();
        this.prefixes = new HashSet<>();
        for (int i = 0; i < keyset.size(); i++) {
            prefixes.add(((AeadKey) keyset.getAt(i).getKey()).getOutputPrefix());
        }
        this.hasUnprefixedKey = prefixes.contains(Bytes.copyFrom(new byte[0]));
        this.ids = KeysetIds.of(keyset);
    }

    /** {@code keyset} must come from {@link Keysets}, which checked that all its keys are AEAD keys. */
    static ActiveKeyset of(KeysetHandle keyset) {
        try {
            return new ActiveKeyset(keyset, keyset.getPrimitive(Keysets.configuration(), Aead.class));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a checked AEAD keyset always yields an Aead primitive", e);
        }
    }

    KeysetHandle keyset() {
        return keyset;
    }

    Aead aead() {
        return aead;
    }

    KeysetIds ids() {
        return ids;
    }

    boolean isPrimary(byte[] ciphertext) {
        return startsWith(ciphertext, primaryPrefix);
    }

    /** The bytes every ciphertext made now starts with: the version byte 0x01 and the primary key id. */
    byte[] primaryPrefix() {
        return primaryPrefix.toByteArray();
    }

    /** False when no key of this keyset could have made {@code ciphertext}: a newer keyset may hold its key. */
    boolean mayHoldKeyOf(byte[] ciphertext) {
        return hasUnprefixedKey || prefixes.stream().anyMatch(prefix -> startsWith(ciphertext, prefix));
    }

    /** Why a ciphertext that failed to decrypt did so, as far as can be told without the data. */
    String diagnose(byte[] ciphertext) {
        if (!mayHoldKeyOf(ciphertext)) {
            return "the ciphertext was made with a key this keyset does not hold (or its key id was altered)";
        }
        return "authentication failed: the ciphertext was tampered with, or belongs to other associated data";
    }

    private static boolean startsWith(byte[] ciphertext, Bytes prefix) {
        if (ciphertext.length < prefix.size()) {
            return false;
        }
        return Bytes.copyFrom(ciphertext, 0, prefix.size()).equals(prefix);
    }
}
