package dev.tokenkeeper.server.admin;

import dev.tokenkeeper.core.port.ApiKeyStore;
import dev.tokenkeeper.core.port.EndedSessions;
import dev.tokenkeeper.core.port.TokenCipher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The console's sessions, kept in the browser: the cookie holds the session sealed with the deployment's keyset
 * (authenticated encryption), so every instance sharing the database and keyset reads it and none stores it. A
 * session expires {@link #IDLE} after its last request (each request re-seals it: sliding), and ends at once when the
 * API key it was opened with is deleted, or when it is signed out: then a digest of its id is kept in
 * {@link EndedSessions} until it would have expired, so a copy of the cookie opens nothing. A session not signed in
 * yet only carries the sign-in form's CSRF token.
 */
public final class AdminSessions {
    /** The cookie's name. */
    public static final String COOKIE = "tk_admin";
    /** How long a session lives without a request. */
    public static final Duration IDLE = Duration.ofMinutes(30);
    private static final String ASSOCIATED_DATA = "admin-session:v1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TokenCipher cipher;
    private final ApiKeyStore apiKeys;
    private final EndedSessions ended;
    private final InstantSource clock;
    private final boolean secure;

    /** One console session: its CSRF token and, once signed in, the SHA-256 (hex) of the API key it was opened with. */
    public record Session(String csrfToken, String keyHash, Instant lastSeen) {
        public Session {
            Objects.requireNonNull(csrfToken, "csrfToken");
            Objects.requireNonNull(keyHash, "keyHash");
            Objects.requireNonNull(lastSeen, "lastSeen");
        }

        /** True once the API key was accepted. */
        public boolean signedIn() {
            return !keyHash.isEmpty();
        }

        /** Whether {@code presented} is this session's CSRF token, compared in constant time. */
        public boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.UTF_8),
                    presented.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * @param secure whether the cookie is marked {@code Secure} (when {@code TOKENKEEPER_PUBLIC_URL} is https)
     */
    public AdminSessions(TokenCipher cipher, ApiKeyStore apiKeys, EndedSessions ended, InstantSource clock,
            boolean secure) {
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
        this.ended = Objects.requireNonNull(ended, "ended");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.secure = secure;
    }

    /** A fresh session not signed in, for the sign-in form. */
    public Session anonymous() {
        return new Session(randomToken(), "", clock.instant());
    }

    /** A fresh session (new CSRF token) signed in with the API key of this SHA-256. */
    public Session signedIn(byte[] keyHash) {
        return new Session(randomToken(), HexFormat.of().formatHex(keyHash), clock.instant());
    }

    /**
     * The session a cookie value holds, if it is genuine, not idle for {@link #IDLE}, not signed out, and its key still
     * exists.
     */
    public Optional<Session> open(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 1024) {
            return Optional.empty();
        }
        String[] fields;
        try {
            byte[] sealed = Base64.getUrlDecoder().decode(cookieValue);
            fields = new String(cipher.decrypt(sealed, ASSOCIATED_DATA), StandardCharsets.UTF_8).split("\\|", -1);
        } catch (RuntimeException e) { // not base64, tampered, or sealed under a key this keyset lacks
            return Optional.empty();
        }
        if (fields.length != 3) {
            return Optional.empty();
        }
        Instant lastSeen = Instant.ofEpochSecond(Long.parseLong(fields[2]));
        Instant now = clock.instant();
        if (!now.isBefore(lastSeen.plus(IDLE))) {
            return Optional.empty();
        }
        Session session = new Session(fields[0], fields[1], lastSeen);
        if (session.signedIn() && (apiKeys.findByHash(HexFormat.of().parseHex(session.keyHash())).isEmpty()
                || ended.ended(id(session), now))) {
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /**
     * Ends {@code session} for good: every copy of its cookie is refused from now until it would have expired (the
     * session seen now, {@link #IDLE} from now), and ended sessions past that are forgotten.
     */
    public void end(Session session) {
        Instant now = clock.instant();
        ended.end(id(session), now.plus(IDLE));
        ended.forgetExpired(now);
    }

    /** The session's id as {@link EndedSessions} keeps it: a digest of its CSRF token, which is random per session. */
    private static String id(Session session) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(session.csrfToken().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The session seen now: the same tokens with its idle time restarted. */
    public Session touched(Session session) {
        return new Session(session.csrfToken(), session.keyHash(), clock.instant());
    }

    /** The {@code Set-Cookie} value carrying {@code session}. */
    public String setCookie(Session session) {
        String payload = session.csrfToken() + "|" + session.keyHash() + "|" + session.lastSeen().getEpochSecond();
        String sealed = Base64.getUrlEncoder().withoutPadding().encodeToString(
                cipher.encrypt(payload.getBytes(StandardCharsets.UTF_8), ASSOCIATED_DATA));
        return cookie(sealed, IDLE.toSeconds());
    }

    /** The {@code Set-Cookie} value that removes the session cookie from the browser. */
    public String clearCookie() {
        return cookie("", 0);
    }

    private String cookie(String value, long maxAgeSeconds) {
        return COOKIE + "=" + value + "; Path=/admin; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
