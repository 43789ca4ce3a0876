package dev.tokenkeeper.server.auth;

import dev.tokenkeeper.core.apikey.ApiKeys;
import dev.tokenkeeper.core.port.ApiKeyStore;
import dev.tokenkeeper.core.token.Secret;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Decides whether a presented API key is known: by the SHA-256 of the key, looked up in the store and compared in
 * constant time, with accepted hashes remembered for {@link #REMEMBER} so a busy client does not cost a query per
 * request.
 */
public final class KnownKeys implements Predicate<Secret> {
    static final Duration REMEMBER = Duration.ofSeconds(10);
    private static final int MAX_REMEMBERED = 1000;
    private final ApiKeyStore store;
    private final InstantSource clock;
    private final Map<String, Instant> accepted = new ConcurrentHashMap<>();

    public KnownKeys(ApiKeyStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public boolean test(Secret presented) {
        byte[] hash = ApiKeys.hash(presented);
        String hex = HexFormat.of().formatHex(hash);
        Instant now = clock.instant();
        Instant until = accepted.get(hex);
        if (until != null && now.isBefore(until)) {
            return true;
        }
        // Found by its hash, then compared in constant time, so neither step's timing tells anything about a key.
        boolean known = store.findByHash(hash).filter(record -> ApiKeys.matches(presented, record.sha256()))
                .isPresent();
        if (known) {
            if (accepted.size() >= MAX_REMEMBERED) {
                accepted.clear();
            }
            accepted.put(hex, now.plus(REMEMBER));
        } else {
            accepted.remove(hex);
        }
        return known;
    }
}
