package dev.tokenkeeper.client.connection;

import java.time.Instant;

/** What came of revoking a deleted connection's grant: {@code revoked}, {@code pending} or {@code not_supported}. */
public record Revocation(String state, Instant nextAttemptAt, Instant giveUpAt, String lastError) {}
