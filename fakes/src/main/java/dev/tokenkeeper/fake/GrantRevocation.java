package dev.tokenkeeper.fake;

import java.time.Instant;
import java.util.Objects;

/** The revocation of one whole grant: which, why, and when on the provider's clock. */
public record GrantRevocation(String grantId, RevocationReason reason, Instant at) {
    public GrantRevocation {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
