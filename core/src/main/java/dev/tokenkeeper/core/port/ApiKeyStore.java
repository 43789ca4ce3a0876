package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.apikey.ApiKeyRecord;
import java.util.List;
import java.util.Optional;

/** Stores API keys as their SHA-256 hashes; a key itself is never stored. */
public interface ApiKeyStore {

    /**
     * Stores {@code key}. Adding a key whose hash is stored already changes nothing (whatever its id and label), so
     * a configured key can be added at every start.
     *
     * @throws IllegalArgumentException when another key is stored under the same id
     */
    void add(ApiKeyRecord key);

    /** The key whose {@link dev.tokenkeeper.core.apikey.ApiKeys#hash hash} this is, if one is stored. */
    Optional<ApiKeyRecord> findByHash(byte[] sha256);

    /** Every stored key, oldest first; keys made at the same time by id, as {@link String#compareTo} orders them. */
    List<ApiKeyRecord> list();

    /** Deletes the key with this id; true when there was one. */
    boolean delete(String id);
}
