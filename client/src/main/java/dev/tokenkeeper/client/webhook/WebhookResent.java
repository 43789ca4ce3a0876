package dev.tokenkeeper.client.webhook;

import java.time.Instant;

/** How many deliveries are due again; {@code nextFrom} is where the rest begin when more than 10,000 matched. */
public record WebhookResent(long resent, Instant nextFrom) {}
