package dev.tokenkeeper.fake;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The quirks of one scope (the whole provider, one client, or one grant), switchable at any time from any thread.
 *
 * <p>For each quirk the most specific scope that sets it wins: grant, then client, then provider, then the
 * default. Injected answers for the next N token requests are likewise taken from the grant's queue first, then
 * the client's, then the provider's; the grant of a token request is the one its refresh token belongs to.
 */
public final class QuirkScope {
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final Map<Quirk<?>, Object> values = new ConcurrentHashMap<>();
    private final InjectionQueue injections = new InjectionQueue();

    QuirkScope() {}

    /** What a refresh does with refresh tokens (default {@link RefreshTokenPolicy#REUSE}). */
    public QuirkScope refreshTokens(RefreshTokenPolicy policy) {
        return set(Quirk.REFRESH_TOKENS, policy);
    }

    /**
     * Whether presenting an already-rotated refresh token (outside the grace period) revokes the whole grant and
     * answers {@code invalid_grant} "Maximum allowed refresh token reuse exceeded" (default off: it only answers
     * {@code invalid_grant}). Each grant remembers its last 100 retired (rotated or capped) refresh tokens.
     */
    public QuirkScope reuseDetection(boolean on) {
        return set(Quirk.REUSE_DETECTION, on);
    }

    /**
     * How long the immediately previous refresh token of a grant stays accepted after it was rotated (default
     * zero). Presented within that time it is answered with a new access token and the grant's current refresh
     * token, rotates nothing and revokes nothing; older rotated tokens are never accepted.
     */
    public QuirkScope reuseGracePeriod(Duration grace) {
        return set(Quirk.REUSE_GRACE, requireNotNegative(grace));
    }

    /** Whether refresh responses leave out {@code refresh_token}, as Google does (default false). */
    public QuirkScope omitRefreshTokenOnRefresh(boolean omit) {
        return set(Quirk.OMIT_REFRESH_TOKEN, omit);
    }

    /** How responses state the access token's lifetime (default {@link ExpiresStyle#SECONDS}). */
    public QuirkScope expiresStyle(ExpiresStyle style) {
        return set(Quirk.EXPIRES_STYLE, style);
    }

    /** The real lifetime of new access tokens, enforced by the resource API (default one hour). */
    public QuirkScope accessTokenLifetime(Duration lifetime) {
        if (!lifetime.isPositive()) {
            throw new IllegalArgumentException("lifetime must be positive: " + lifetime);
        }
        return set(Quirk.ACCESS_TOKEN_LIFETIME, lifetime);
    }

    /** How the token endpoint answers its own errors (default {@link TokenErrorStyle#OAUTH}). */
    public QuirkScope tokenErrorStyle(TokenErrorStyle style) {
        return set(Quirk.TOKEN_ERROR_STYLE, style);
    }

    /** How the resource API answers a bad access token (default {@link InvalidTokenAnswer#UNAUTHORIZED}). */
    public QuirkScope invalidTokenAnswer(InvalidTokenAnswer answer) {
        return set(Quirk.INVALID_TOKEN_ANSWER, answer);
    }

    /** How an unknown client or wrong secret is answered (default {@link ClientRejection#INVALID_CLIENT}). */
    public QuirkScope wrongSecretAnswer(ClientRejection rejection) {
        return set(Quirk.WRONG_SECRET_ANSWER, rejection);
    }

    /** Where the token endpoint accepts client credentials (default {@link ClientAuthPlace#EITHER}). */
    public QuirkScope clientAuthPlace(ClientAuthPlace place) {
        return set(Quirk.CLIENT_AUTH_PLACE, place);
    }

    /** The one shape the revocation endpoint takes from this scope's clients (default {@link RevocationShape#ANY}). */
    public QuirkScope revocationShape(RevocationShape shape) {
        return set(Quirk.REVOCATION_SHAPE, shape);
    }

    /** Whether refresh requests of correctly authenticated clients answer 400 {@code unauthorized_client}. */
    public QuirkScope refuseRefresh(boolean refuse) {
        return set(Quirk.REFUSE_REFRESH, refuse);
    }

    /**
     * The most live refresh tokens one grant may hold (default unlimited). Issuing one more (by a code exchange
     * joining the grant, or a refresh under {@link RefreshTokenPolicy#MINT}) silently invalidates the oldest live
     * one, which then answers {@code invalid_grant}; the grant itself stays alive.
     */
    public QuirkScope refreshTokenCap(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be at least 1: " + cap);
        }
        return set(Quirk.REFRESH_TOKEN_CAP, cap);
    }

    /** How long every token request waits before it is processed (default zero). */
    public QuirkScope tokenLatency(Duration latency) {
        return set(Quirk.TOKEN_LATENCY, requireNotNegative(latency));
    }

    /** Token requests wait between {@code least} and {@code most}, uniformly at random, before they are processed. */
    public QuirkScope tokenLatencyBetween(Duration least, Duration most) {
        if (requireNotNegative(most).compareTo(requireNotNegative(least)) < 0) {
            throw new IllegalArgumentException("most must not be less than least: " + least + " > " + most);
        }
        set(Quirk.TOKEN_LATENCY, least);
        return set(Quirk.TOKEN_LATENCY_SPREAD, most.minus(least));
    }

    /** Whether the authorization endpoint redirects with {@code error=access_denied} (client or provider scope). */
    public QuirkScope denyAuthorization(boolean deny) {
        return set(Quirk.DENY_AUTHORIZATION, deny);
    }

    /** The next {@code requests} token requests answer this status, headers and body verbatim. */
    public QuirkScope failNextTokenRequests(int requests, int status, Map<String, String> headers, String body) {
        injections.add(new Injection.Answer(HttpReply.verbatim(status, headers, body)), requests);
        return this;
    }

    /** The next {@code requests} token requests answer this status, headers and raw bytes (any bytes at all). */
    public QuirkScope failNextTokenRequests(int requests, int status, Map<String, String> headers, byte[] body) {
        injections.add(new Injection.Answer(new HttpReply(status, headers, body.clone(), null)), requests);
        return this;
    }

    /** The next {@code requests} token requests answer 429 with {@code Retry-After} in whole seconds. */
    public QuirkScope throttleNextTokenRequests(int requests, Duration retryAfter) {
        long seconds = requireNotNegative(retryAfter).plusMillis(999).toSeconds();
        return throttle(requests, Long.toString(seconds));
    }

    /** The next {@code requests} token requests answer 429 with {@code Retry-After} as an HTTP date. */
    public QuirkScope throttleNextTokenRequests(int requests, Instant retryAt) {
        return throttle(requests, HTTP_DATE.format(retryAt));
    }

    /** The next {@code requests} token requests answer this 5xx status, with an HTML or a JSON body. */
    public QuirkScope serverErrorNextTokenRequests(int requests, int status, boolean htmlBody) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("not a 5xx status: " + status);
        }
        HttpReply reply = htmlBody
                ? HttpReply.verbatim(status, Map.of("Content-Type", "text/html; charset=utf-8"),
                        "<html><body><h1>" + status + " Server Error</h1></body></html>")
                : HttpReply.json(status, Map.of("error", "server_error", "error_description", "Injected outage"));
        injections.add(new Injection.Answer(reply), requests);
        return this;
    }

    /** The next {@code requests} token requests hang for {@code hang}, then answer normally or drop. */
    public QuirkScope hangNextTokenRequests(int requests, Duration hang, AfterHang then) {
        injections.add(new Injection.Hang(requireNotNegative(hang), then), requests);
        return this;
    }

    /** The next {@code requests} token requests hang until the provider closes, then drop. */
    public QuirkScope hangNextTokenRequestsUntilClose(int requests) {
        injections.add(new Injection.Hang(null, AfterHang.DROP), requests);
        return this;
    }

    /** Unsets every quirk of this scope and drops its pending injections. */
    public QuirkScope clear() {
        values.clear();
        injections.clear();
        return this;
    }

    /** This scope's value of the quirk, or null if it does not set it. */
    <T> T get(Quirk<T> quirk) {
        @SuppressWarnings("unchecked") // set() only stores a T under a Quirk<T>
        T value = (T) values.get(quirk);
        return value;
    }

    Injection pollInjection() {
        return injections.poll();
    }

    private QuirkScope throttle(int requests, String retryAfter) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Retry-After", retryAfter);
        String body = "{\"error\":\"rate_limited\",\"error_description\":\"Too many requests\"}";
        injections.add(new Injection.Answer(HttpReply.verbatim(429, headers, body)), requests);
        return this;
    }

    private <T> QuirkScope set(Quirk<T> quirk, T value) {
        values.put(quirk, Objects.requireNonNull(value, quirk.toString()));
        return this;
    }

    private static Duration requireNotNegative(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("must not be negative: " + duration);
        }
        return duration;
    }
}
