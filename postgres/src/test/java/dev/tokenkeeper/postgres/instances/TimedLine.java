package dev.tokenkeeper.postgres.instances;

import java.time.Instant;

/** A line an instance wrote to its log, with the instance and when the parent read it. */
public record TimedLine(Instant at, String instanceId, String line) {}
