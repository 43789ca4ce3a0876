package dev.tokenkeeper.core.provider;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A successful answer a built-in provider's token endpoint is documented to give to a refresh request, and the access
 * token lifetime Tokenkeeper must read from it.
 *
 * @param contentType the answer's Content-Type ({@code application/json} when the catalog names none)
 * @param body        the answer's body, as the provider documents it (tokens shortened)
 * @param lifetime    the access token's lifetime the answer gives with the entry's settings, or null when unknown
 */
public record RefreshExample(String contentType, String body, Duration lifetime) {

    public RefreshExample {
        contentType = contentType == null || contentType.isBlank() ? ErrorExample.DEFAULT_CONTENT_TYPE
                : contentType.strip();
        Objects.requireNonNull(body, "body");
        if (lifetime != null && (lifetime.isNegative() || lifetime.isZero())) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
    }

    /** The answer's headers: its Content-Type. */
    public Map<String, List<String>> headers() {
        return Map.of("Content-Type", List.of(contentType));
    }
}
