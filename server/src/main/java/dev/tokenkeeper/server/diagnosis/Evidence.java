package dev.tokenkeeper.server.diagnosis;

import java.time.Instant;
import java.util.Objects;

/**
 * One fact a diagnosis rests on.
 *
 * @param at     when it was seen (the failing attempt, the stored error, the call made now)
 * @param source where it comes from: {@code provider_config}, {@code connection}, {@code last_error},
 *               {@code timeline}, {@code whoami} or {@code refresh}
 * @param detail the fact in words, with the provider's own words quoted; never a token
 */
record Evidence(Instant at, String source, String detail) {
    static final String PROVIDER_CONFIG = "provider_config";
    static final String CONNECTION = "connection";
    static final String LAST_ERROR = "last_error";
    static final String TIMELINE = "timeline";
    static final String WHOAMI = "whoami";
    static final String REFRESH = "refresh";
    /** What the built-in catalog knows about this cause at this provider. */
    static final String CATALOG = "catalog";

    Evidence {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detail, "detail");
    }
}
