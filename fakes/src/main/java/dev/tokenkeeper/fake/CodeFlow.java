package dev.tokenkeeper.fake;

import dev.tokenkeeper.fake.TokenOutcome.Issued;
import dev.tokenkeeper.fake.TokenOutcome.Rejected;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The authorization-code grant with PKCE S256 (RFC 6749 §4.1, RFC 7636): authorize (approving at once, or through the
 * sign-in page when it is on), then exchange.
 */
final class CodeFlow {
    /** How long an authorization code can be exchanged, on the provider's clock. */
    static final Duration CODE_LIFETIME = Duration.ofMinutes(1);
    private static final String NO_GRANT_YET = "";

    private final GrantRegistry registry;
    private final Clients clients;
    private final QuirkScopes quirks;
    private final InstantSource clock;
    private final Map<String, AuthorizationCode> pending = new ConcurrentHashMap<>();
    private final Map<String, String> redeemed = new ConcurrentHashMap<>();
    private final AtomicBoolean signInPage = new AtomicBoolean();

    CodeFlow(GrantRegistry registry, Clients clients, QuirkScopes quirks, InstantSource clock) {
        this.registry = registry;
        this.clients = clients;
        this.quirks = quirks;
        this.clock = clock;
    }

    /** Shows the sign-in page at {@code GET /oauth/authorize} (on) or approves at once for {@code login_hint} (off). */
    void signInPage(boolean on) {
        signInPage.set(on);
    }

    /**
     * Answers {@code GET /oauth/authorize}: the sign-in page when it is on, else a redirect with a code (for the
     * subject {@code login_hint} names) or an error; 400 if it cannot redirect.
     */
    HttpReply authorize(Form query) {
        if (!canRedirect(query)) {
            return unredirectable();
        }
        return signInPage.get() ? SignInPage.render(query) : authorize(query, query.get("login_hint"), true);
    }

    /** Answers {@code POST /oauth/authorize}: the sign-in page's form, allowed for the typed username or denied. */
    HttpReply signedIn(Form form) {
        if (!canRedirect(form)) {
            return unredirectable();
        }
        return authorize(form, form.get(SignInPage.USERNAME), SignInPage.ALLOW.equals(form.get(SignInPage.DECISION)));
    }

    private boolean canRedirect(Form query) {
        return clients.exists(query.get("client_id")) && isAbsoluteHttp(query.get("redirect_uri"));
    }

    private static HttpReply unredirectable() {
        return HttpReply.json(400, Map.of("error", "invalid_request",
                "error_description", "unknown client_id or missing/invalid redirect_uri"));
    }

    private HttpReply authorize(Form query, String subject, boolean allowed) {
        String clientId = query.get("client_id");
        String redirectUri = query.get("redirect_uri");
        Map<String, String> params = new LinkedHashMap<>();
        String error = allowed ? authorizationError(query, clientId) : "access_denied";
        if (error != null) {
            params.put("error", error);
        } else {
            params.put("code", issueCode(query, subject, clientId, redirectUri));
        }
        if (query.get("state") != null) {
            params.put("state", query.get("state"));
        }
        return HttpReply.empty(302, Map.of("Location", withQuery(redirectUri, params)));
    }

    TokenOutcome exchange(String clientId, Form form) {
        String code = form.get("code");
        if (code == null) {
            return Rejected.invalidRequest("code is required");
        }
        AuthorizationCode issued = pending.remove(code);
        if (issued == null) {
            return unusable(code);
        }
        redeemed.put(code, NO_GRANT_YET);
        Rejected mismatch = mismatch(issued, clientId, form);
        if (mismatch != null) {
            return mismatch;
        }
        Issued tokens;
        do { // a grant joined here may be revoked before its lock is taken: then join (create) again
            tokens = issueOn(registry.joinOrCreate(clientId, issued.subject(), issued.scopes()), clientId);
        } while (tokens == null);
        redeemed.put(code, tokens.grantId());
        return tokens;
    }

    private String authorizationError(Form query, String clientId) {
        if (!"code".equals(query.get("response_type"))) {
            return "unsupported_response_type";
        }
        if (query.get("code_challenge") == null || !"S256".equals(query.get("code_challenge_method"))) {
            return "invalid_request";
        }
        return quirks.resolve(Quirk.DENY_AUTHORIZATION, clientId, null) ? "access_denied" : null;
    }

    private String issueCode(Form query, String subject, String clientId, String redirectUri) {
        String scope = query.get("scope");
        Set<String> scopes = scope == null ? Set.of() : new TreeSet<>(Set.of(scope.trim().split(" +")));
        String code = Tokens.random("code_");
        pending.put(code, new AuthorizationCode(clientId, redirectUri, query.get("code_challenge"), scopes,
                subject, clock.instant().plus(CODE_LIFETIME)));
        return code;
    }

    private TokenOutcome unusable(String code) {
        String grantId = redeemed.get(code);
        if (grantId == null) {
            return Rejected.invalidGrant(null, "The authorization code is invalid or expired");
        }
        if (!grantId.equals(NO_GRANT_YET)) {
            registry.revoke(registry.byId(grantId), RevocationReason.AUTHORIZATION_CODE_REUSE);
            return Rejected.invalidGrant(grantId, "The authorization code has already been used");
        }
        return Rejected.invalidGrant(null, "The authorization code has already been used");
    }

    private Rejected mismatch(AuthorizationCode issued, String clientId, Form form) {
        if (!clock.instant().isBefore(issued.expiresAt())) {
            return Rejected.invalidGrant(null, "The authorization code has expired");
        }
        if (!issued.clientId().equals(clientId)) {
            return Rejected.invalidGrant(null, "The authorization code was issued to another client");
        }
        if (!issued.redirectUri().equals(form.get("redirect_uri"))) {
            return Rejected.invalidGrant(null, "redirect_uri does not match the authorization request");
        }
        return issued.verifies(form.get("code_verifier"))
                ? null : Rejected.invalidGrant(null, "PKCE verification failed: code_verifier does not match");
    }

    /** Issues tokens on the grant, or returns null if it has been revoked meanwhile. */
    private Issued issueOn(Grant grant, String clientId) {
        Duration lifetime = quirks.resolve(Quirk.ACCESS_TOKEN_LIFETIME, clientId, grant.id());
        int cap = quirks.resolve(Quirk.REFRESH_TOKEN_CAP, clientId, grant.id());
        grant.lock().lock();
        try {
            if (grant.isRevoked()) {
                return null;
            }
            String refreshToken = registry.mintRefreshToken(grant, cap);
            String scope = String.join(" ", new TreeSet<>(grant.scopes()));
            AccessToken accessToken = registry.mintAccessToken(grant, lifetime, scope);
            return new Issued(grant.id(), accessToken, refreshToken, lifetime, false);
        } finally {
            grant.lock().unlock();
        }
    }

    private static boolean isAbsoluteHttp(String uri) {
        try {
            String scheme = uri == null ? null : URI.create(uri).getScheme();
            return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static String withQuery(String uri, Map<String, String> params) {
        StringBuilder location = new StringBuilder(uri).append(uri.contains("?") ? '&' : '?');
        params.forEach((name, value) -> location.append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&'));
        return location.substring(0, location.length() - 1);
    }
}
