package dev.tokenkeeper.core.token;

import dev.tokenkeeper.core.provider.ExpiresInUnit;
import dev.tokenkeeper.core.provider.TokenResponseSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Resolves the absolute expiry of a token response; {@link TokenResponseParser} states the rules. */
final class ExpiryReading {
    /** Longer lifetimes are absurd: a unit mistake or a bug, never a real token. */
    static final Duration MAX_LIFETIME = Duration.ofDays(3653);
    /** How far before the request an {@code expires_at} reads as a clock off by hours rather than a wrong value. */
    static final Duration PLAUSIBLE_SKEW = Duration.ofDays(1);
    /** The note beside {@code expires_at_invalid} when the expiry had already passed on issue: a clock is off. */
    static final String EXPIRES_AT_PAST = "expires_at_past";

    /** The expiry the fields state, else {@code sentAt + defaultTtl}, else null; notes say what was ignored. */
    static Instant expiresAt(
            Map<String, Object> fields, Instant sentAt, TokenResponseSettings settings, List<String> notes) {
        Optional<Instant> stated = Stream.of(
                        relative("expires_in", fields, sentAt, settings.expiresInUnit(), notes),
                        relative("expires", fields, sentAt, settings.expiresInUnit(), notes),
                        absolute("expires_at", fields, sentAt, notes))
                .flatMap(Optional::stream)
                .min(Comparator.naturalOrder());
        if (stated.isPresent()) {
            return stated.get();
        }
        if (settings.defaultTtl() != null) {
            notes.add("expiry_from_default_ttl");
            return sentAt.plus(settings.defaultTtl());
        }
        return null;
    }

    /**
     * The refresh token's own lifetime, in seconds as the providers that send one document it: GitHub and LinkedIn
     * ({@code refresh_token_expires_in}), Intuit ({@code x_refresh_token_expires_in}), Keycloak
     * ({@code refresh_expires_in}, where 0 is an offline token that does not expire).
     */
    static final List<String> REFRESH_TOKEN_EXPIRY_FIELDS = List.of("refresh_token_expires_in",
            "x_refresh_token_expires_in", "refresh_expires_in");

    /**
     * When the refresh token expires, from the first of its lifetime fields present, else from the provider's
     * documented refresh-token lifetime, and no later than the provider's idle limit from now; null when unknown or
     * never.
     */
    static Instant refreshTokenExpiresAt(Map<String, Object> fields, Instant sentAt, TokenResponseSettings settings,
            List<String> notes) {
        Instant expiresAt = statedOrDocumented(fields, sentAt, settings, notes);
        if (settings.refreshTokenIdle() == null) {
            return expiresAt;
        }
        Instant idle = sentAt.plus(settings.refreshTokenIdle());
        return expiresAt == null || idle.isBefore(expiresAt) ? idle : expiresAt;
    }

    private static Instant statedOrDocumented(Map<String, Object> fields, Instant sentAt,
            TokenResponseSettings settings, List<String> notes) {
        boolean stated = false;
        for (String field : REFRESH_TOKEN_EXPIRY_FIELDS) {
            Object value = fields.get(field);
            if (value == null) {
                continue;
            }
            if (NumericValue.of(value).map(number -> number.signum() == 0).orElse(false)) {
                return null;
            }
            Optional<Instant> at = relative(field, fields, sentAt, ExpiresInUnit.SECONDS, notes);
            if (at.isPresent()) {
                return at.get();
            }
            stated = true;
        }
        if (stated || settings.refreshTokenTtl() == null) {
            return null;
        }
        notes.add("refresh_token_expiry_from_default_ttl");
        return sentAt.plus(settings.refreshTokenTtl());
    }

    private static Optional<Instant> relative(
            String field, Map<String, Object> fields, Instant sentAt, ExpiresInUnit unit, List<String> notes) {
        Object value = fields.get(field);
        if (value == null) {
            return Optional.empty();
        }
        Optional<RelativeExpiry.Lifetime> lifetime =
                NumericValue.of(value).flatMap(number -> RelativeExpiry.lifetime(number, unit));
        if (lifetime.isEmpty()) {
            notes.add(field + "_invalid");
            return Optional.empty();
        }
        if (lifetime.get().millisecondsGuessed()) {
            notes.add(field + "_milliseconds_guessed");
        }
        return Optional.of(sentAt.plus(lifetime.get().duration()));
    }

    private static Optional<Instant> absolute(
            String field, Map<String, Object> fields, Instant sentAt, List<String> notes) {
        Object value = fields.get(field);
        if (value == null) {
            return Optional.empty();
        }
        Instant latest = sentAt.plus(MAX_LIFETIME);
        Optional<Instant> stated = AbsoluteExpiry.instant(value);
        Optional<Instant> expiry = stated.filter(instant -> instant.isAfter(sentAt) && !instant.isAfter(latest));
        if (expiry.isEmpty()) {
            notes.add(field + "_invalid");
            if (stated.filter(instant -> !instant.isAfter(sentAt)
                    && instant.isAfter(sentAt.minus(PLAUSIBLE_SKEW))).isPresent()) {
                notes.add(EXPIRES_AT_PAST);
            }
        }
        return expiry;
    }

    private ExpiryReading() {}
}
