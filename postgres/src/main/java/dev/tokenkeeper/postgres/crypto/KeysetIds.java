package dev.tokenkeeper.postgres.crypto;

import com.google.crypto.tink.KeysetHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The ids of a keyset's keys, unsigned as Tink's JSON format writes them, for diagnostics (ids are not secret).
 *
 * @param primary the id of the key new ciphertexts are made with
 * @param all     every key id, in keyset order, the primary included
 */
public record KeysetIds(long primary, List<Long> all) {
    private static final long MAX_ID = 0xFFFF_FFFFL;

    public KeysetIds {
        all = List.copyOf(all);
        if (all.stream().anyMatch(id -> id < 0 || id > MAX_ID)) {
            throw new IllegalArgumentException("key ids are unsigned 32-bit values: " + all);
        }
        if (!all.contains(primary)) {
            throw new IllegalArgumentException("primary key id " + primary + " is not among " + all);
        }
    }

    static KeysetIds of(KeysetHandle keyset) {
        List<Long> ids = new ArrayList<>(keyset.size());
        for (int i = 0; i < keyset.size(); i++) {
            ids.add(Integer.toUnsignedLong(keyset.getAt(i).getId()));
        }
        return new KeysetIds(Integer.toUnsignedLong(keyset.getPrimary().getId()), ids);
    }
}
