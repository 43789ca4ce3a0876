package dev.tokenkeeper.client.webhook;

import java.time.Instant;
import java.util.Objects;

/** The deliveries to send again: those created in [{@code from}, {@code to}), failed ones (and succeeded ones too). */
public record WebhookResend(Instant from, Instant to, boolean includeSucceeded) {
    public WebhookResend {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to must be after from");
        }
    }
}
