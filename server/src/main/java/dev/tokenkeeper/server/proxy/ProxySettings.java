package dev.tokenkeeper.server.proxy;

import dev.tokenkeeper.server.Tokenkeeper;
import java.time.Duration;
import java.util.Objects;

/**
 * The proxy's limits: how long a provider may take, and how much of a body is kept in memory.
 *
 * @param connectTimeout         the longest wait for a connection to the provider
 * @param responseTimeout        the longest wait, once connected, for the provider's response headers (the request
 *                               body is sent within it)
 * @param bodyIdleTimeout        the longest wait for the next bytes of the provider's response body; a body that
 *                               stalls longer is broken off (a long download that keeps flowing is never cut)
 * @param maxReplayableBodyBytes request bodies up to this size are kept for a replay; larger ones are streamed once
 * @param maxBodyBytes           request bodies larger than this are refused with 413
 * @param maxInspectedBodyBytes  response bodies up to this size are read for the provider's error expression;
 *                               larger ones are never taken for an auth failure by their body
 */
public record ProxySettings(Duration connectTimeout, Duration responseTimeout, Duration bodyIdleTimeout,
        int maxReplayableBodyBytes,
        long maxBodyBytes, int maxInspectedBodyBytes) {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration BODY_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final int MAX_REPLAYABLE_BODY_BYTES = 1024 * 1024;
    public static final int MAX_INSPECTED_BODY_BYTES = 64 * 1024;
    /** The default limits; request bodies up to {@link Tokenkeeper#MAX_PAYLOAD_BYTES}, all the server reads. */
    public static final ProxySettings DEFAULT = new ProxySettings(CONNECT_TIMEOUT, RESPONSE_TIMEOUT,
            BODY_IDLE_TIMEOUT, MAX_REPLAYABLE_BODY_BYTES, Tokenkeeper.MAX_PAYLOAD_BYTES, MAX_INSPECTED_BODY_BYTES);

    public ProxySettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(bodyIdleTimeout, "bodyIdleTimeout");
        if (!connectTimeout.isPositive() || !responseTimeout.isPositive() || !bodyIdleTimeout.isPositive()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxReplayableBodyBytes < 0 || maxInspectedBodyBytes < 0 || maxBodyBytes < maxReplayableBodyBytes) {
            throw new IllegalArgumentException("body limits must not be negative, and the largest body must be at"
                    + " least the largest replayable one");
        }
    }
}
