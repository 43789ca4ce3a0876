package dev.tokenkeeper.client.connection;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * A connection's last refresh failure, in Tokenkeeper's words ({@code code}, {@code message}) and the provider's;
 * {@code failureClass} is the JSON {@code class}: {@code retryable}, {@code needs_reauth} or {@code misconfigured}.
 */
public record LastError(String code, String message, Integer providerStatus, String providerError,
        String providerDescription, String providerSubcode, @JsonProperty("class") String failureClass, String cause,
        Instant at) {
    public LastError {
        Objects.requireNonNull(code, "code");
    }
}
