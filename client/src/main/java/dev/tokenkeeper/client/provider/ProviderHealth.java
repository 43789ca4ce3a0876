package dev.tokenkeeper.client.provider;

import java.time.Instant;

/** A provider's health: {@code ok}, or {@code misconfigured} with the cause, since when, and how many connections. */
public record ProviderHealth(String state, String cause, Instant since, long affectedConnections) {}
