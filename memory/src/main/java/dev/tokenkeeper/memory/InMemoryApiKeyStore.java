package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.apikey.ApiKeyRecord;
import dev.tokenkeeper.core.port.ApiKeyStore;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** {@link ApiKeyStore} in memory. */
public final class InMemoryApiKeyStore implements ApiKeyStore {
    private static final Comparator<ApiKeyRecord> OLDEST_FIRST =
            Comparator.comparing(ApiKeyRecord::createdAt).thenComparing(ApiKeyRecord::id);

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ApiKeyRecord> byId = new HashMap<>();

    @Override
    public void add(ApiKeyRecord key) {
        lock.lock();
        try {
            if (findByHash(key.sha256()).isPresent()) {
                return;
            }
            if (byId.containsKey(key.id())) {
                throw new IllegalArgumentException("api key id " + key.id() + " is taken by another key");
            }
            byId.put(key.id(), key);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<ApiKeyRecord> findByHash(byte[] sha256) {
        lock.lock();
        try {
            return byId.values().stream().filter(key -> Arrays.equals(key.sha256(), sha256)).findFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<ApiKeyRecord> list() {
        lock.lock();
        try {
            return byId.values().stream().sorted(OLDEST_FIRST).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean delete(String id) {
        lock.lock();
        try {
            return byId.remove(id) != null;
        } finally {
            lock.unlock();
        }
    }
}
