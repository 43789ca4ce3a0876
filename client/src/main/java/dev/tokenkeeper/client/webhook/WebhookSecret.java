package dev.tokenkeeper.client.webhook;

import dev.tokenkeeper.client.Secret;
import java.time.Instant;
import java.util.Objects;

/** An endpoint's new signing secret; the previous one keeps signing beside it until {@code previousSecretExpiresAt}. */
public record WebhookSecret(String id, Secret secret, Instant previousSecretExpiresAt) {
    public WebhookSecret {
        Objects.requireNonNull(secret, "secret");
    }
}
