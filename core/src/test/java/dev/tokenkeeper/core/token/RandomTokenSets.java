package dev.tokenkeeper.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/** Seeded generators of token sets for property-style tests: the same seed always gives the same cases. */
final class RandomTokenSets {
    static final int CASES_PER_SEED = 250;
    private static final Instant EPOCH_2026 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long TEN_YEARS_MILLIS = Duration.ofDays(3653).toMillis();

    /** Twenty seeds: with {@link #CASES_PER_SEED} cases each, 5,000 cases per property. */
    static LongStream seeds() {
        return LongStream.range(0, 20);
    }

    /** A lifetime from a millisecond to ten years, log-uniform so that seconds, hours and years are all common. */
    static Duration lifetime(SplittableRandom random) {
        double exponent = random.nextDouble() * Math.log10(TEN_YEARS_MILLIS);
        return Duration.ofMillis(Math.max(1, (long) Math.pow(10, exponent)));
    }

    /** An instant within a year of the start of 2026, to the nanosecond. */
    static Instant issuedAt(SplittableRandom random) {
        return EPOCH_2026.plusNanos(random.nextLong(Duration.ofDays(365).toNanos()));
    }

    /** A token set with a known expiry. */
    static TokenSet expiring(SplittableRandom random) {
        Instant issuedAt = issuedAt(random);
        return new TokenSet(Secret.of("at-" + random.nextInt()), null, null, issuedAt,
                issuedAt.plus(lifetime(random)), List.of(), Map.of());
    }

    /** Any token set: refresh token, expiry, scopes and raw fields each present or not. */
    static TokenSet any(SplittableRandom random) {
        Instant issuedAt = issuedAt(random);
        return new TokenSet(
                Secret.of("at-" + random.nextInt()),
                random.nextBoolean() ? Secret.of("rt-" + random.nextInt()) : null,
                random.nextBoolean() ? "Bearer" : "mac",
                issuedAt,
                random.nextBoolean() ? issuedAt.plus(lifetime(random)) : null,
                random.nextBoolean() ? List.of("scope-" + random.nextInt(3)) : List.of(),
                raw(random));
    }

    private static Map<String, Object> raw(SplittableRandom random) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            raw.put("field-" + random.nextInt(5), random.nextInt());
        }
        return raw;
    }

    private RandomTokenSets() {}
}
