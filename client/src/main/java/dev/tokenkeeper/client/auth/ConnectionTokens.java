package dev.tokenkeeper.client.auth;

import dev.tokenkeeper.client.Secret;
import dev.tokenkeeper.client.connection.AccessToken;
import dev.tokenkeeper.client.connection.Connections;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection's access token as this process uses it: cached until its expiry minus a buffer (a fresh token is
 * one volatile read and a comparison, no lock), fetched under a lock when missing or stale, and replaced after a
 * rejection by one refresh per rejected token value.
 */
final class ConnectionTokens {
    private final Connections connections;
    private final String connectionId;
    private final Duration expiryBuffer;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile AccessToken current;

    ConnectionTokens(Connections connections, String connectionId, Duration expiryBuffer, InstantSource clock) {
        this.connections = connections;
        this.connectionId = connectionId;
        this.expiryBuffer = expiryBuffer;
        this.clock = clock;
    }

    /** A token fresh for at least the buffer: the cached one, else one asked of Tokenkeeper (once for all callers). */
    AccessToken fresh() {
        AccessToken token = current;
        if (isFresh(token)) {
            return token;
        }
        lock.lock();
        try {
            if (!isFresh(current)) {
                current = connections.token(connectionId);
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The token to retry with after the API refused {@code rejected}: when the cached token is still that one,
     * Tokenkeeper refreshes it (callers refused with the same token wait for that one refresh); when it was
     * replaced meanwhile, the newer one, without another refresh.
     */
    AccessToken replacing(Secret rejected) {
        lock.lock();
        try {
            AccessToken token = current;
            if (token == null || token.accessToken().equals(rejected)) {
                current = connections.refresh(connectionId);
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    private boolean isFresh(AccessToken token) {
        if (token == null) {
            return false;
        }
        Instant expiresAt = token.expiresAt();
        return expiresAt == null || clock.instant().isBefore(expiresAt.minus(expiryBuffer));
    }
}
