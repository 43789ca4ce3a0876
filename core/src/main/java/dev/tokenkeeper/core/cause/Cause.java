package dev.tokenkeeper.core.cause;

import java.util.Locale;
import java.util.Optional;

/**
 * Tokenkeeper's catalogue of causes: why a connection (or a provider) is not working, who must act, and the fix in one
 * sentence naming the field or the action. The codes are stable: they appear in {@code last_error.cause}, in
 * {@code cause} of a connection and of a diagnosis, in provider health and in events. {@code docs/causes.md} lists the
 * same catalogue (a test keeps the two equal).
 *
 * <p>A fix may name {@code {provider}}, replaced by the provider key in {@link #fix(String)}.
 */
public enum Cause {
    // Nothing to fix.
    NONE(Actor.NONE, Zone.NONE, false,
            "The connection works.",
            "Nothing to do."),
    ACCESS_TOKEN_EXPIRED(Actor.NONE, Zone.NONE, false,
            "The access token expired; that is normal and Tokenkeeper refreshes it.",
            "Nothing to do: ask POST /v1/connections/{id}/token and a refreshed token comes back."),

    // The end user must reconnect: the provider said, in OAuth's words, that the grant is dead.
    GRANT_REVOKED(Actor.END_USER, Zone.GRANT, false,
            "The refresh token was revoked at the provider (by the user, an administrator, or the app's removal).",
            "Send the user a reconnect link (POST /v1/connections/{id}/reconnect-link)."),
    GRANT_EXPIRED(Actor.END_USER, Zone.GRANT, false,
            "The refresh token expired at the provider (unused too long, or its maximum lifetime passed).",
            "Send the user a reconnect link (POST /v1/connections/{id}/reconnect-link)."),
    GRANT_EXPIRED_OR_REVOKED(Actor.END_USER, Zone.GRANT, false,
            "The provider says the refresh token expired or was revoked, without saying which; the provider's own"
                    + " list of reasons is in the evidence.",
            "Send the user a reconnect link (POST /v1/connections/{id}/reconnect-link)."),
    GRANT_INVALID(Actor.END_USER, Zone.GRANT, false,
            "The provider refused the refresh token with invalid_grant and gave no further reason.",
            "Send the user a reconnect link (POST /v1/connections/{id}/reconnect-link)."),
    REFRESH_TOKEN_REUSED(Actor.END_USER, Zone.GRANT, false,
            "The provider saw a rotated refresh token used twice and revoked the grant: another copy of the grant"
                    + " refreshed it, or a new refresh token was not stored.",
            "Send the user a reconnect link; then make sure nothing but Tokenkeeper refreshes this grant (remove"
                    + " other copies of the refresh token)."),
    PASSWORD_CHANGED(Actor.END_USER, Zone.GRANT, false,
            "The user changed or reset the password, which revoked the grant.",
            "Send the user a reconnect link (POST /v1/connections/{id}/reconnect-link)."),
    REFRESH_TOKEN_LIMIT_EXCEEDED(Actor.END_USER, Zone.GRANT, false,
            "The provider keeps only so many refresh tokens per client and user; newer grants of the same account"
                    + " pushed this one out.",
            "Send the user a reconnect link, and avoid connecting the same account many times (reuse one"
                    + " connection per account)."),
    REAUTHENTICATION_REQUIRED(Actor.END_USER, Zone.GRANT, false,
            "A policy at the provider (MFA, conditional access, a reauthentication policy) requires the user to"
                    + " sign in again.",
            "Send the user a reconnect link (POST /v1/connections/{id}/reconnect-link)."),
    ACCOUNT_DISABLED(Actor.END_USER, Zone.GRANT, false,
            "The user's account or organisation at the provider is disabled, inactive or deleted.",
            "The user (or their administrator) reactivates the account, then reconnects through a reconnect link."),
    REFRESH_TOKEN_EXPIRING(Actor.END_USER, Zone.GRANT, false,
            "The refresh token itself expires soon, at the time its provider gave, and refreshing does not extend it:"
                    + " after that the grant is dead.",
            "Send the user a reconnect link (POST /v1/connections/{id}/reconnect-link) before"
                    + " refresh_token_expires_at."),
    REFRESH_INTERRUPTED(Actor.END_USER, Zone.GRANT, false,
            "A refresh was interrupted after it was sent; the refresh token it used could not be trusted again.",
            "Send the user a reconnect link (POST /v1/connections/{id}/reconnect-link)."),
    ACCESS_TOKEN_EXPIRED_NO_REFRESH(Actor.END_USER, Zone.GRANT, false,
            "The access token expired and the grant has no refresh token to renew it.",
            "Send the user a reconnect link; to avoid it next time request offline access (see no_refresh_token)."),
    ACCESS_DENIED(Actor.END_USER, Zone.GRANT, false,
            "The user declined (or an administrator blocked) the consent screen during connect.",
            "Ask the user to connect again and approve the requested access, or have their administrator allow the"
                    + " app."),
    ACCOUNT_CHANGED(Actor.END_USER, Zone.GRANT, false,
            "A reconnect signed in to a different account at the provider than the one the connection belongs to; it"
                    + " was refused and the connection kept its grant.",
            "Ask the user to reconnect with the account the connection was made with; if moving the connection to"
                    + " another account is intended, set account.allow_change with PUT /v1/providers/{provider}."),

    // The operator fixes the provider config.
    PROVIDER_NOT_CONFIGURED(Actor.OPERATOR, Zone.PROVIDER_CONFIG, true,
            "No provider config with this key is registered.",
            "Register it: PUT /v1/providers/{provider}."),
    TOKEN_URL_WRONG(Actor.OPERATOR, Zone.PROVIDER_CONFIG, true,
            "The token endpoint did not answer like one (404/405/410, an HTML or sign-in page, a redirect).",
            "Fix token_url (or refresh_url) with PUT /v1/providers/{provider}."),
    TOKEN_HOST_UNREACHABLE(Actor.OPERATOR, Zone.PROVIDER_CONFIG, true,
            "The token endpoint's host has been unreachable for a long time (unknown host, connection refused or"
                    + " TLS failure).",
            "Check the host of token_url (a typo, a wrong environment, a firewall) and fix it with PUT"
                    + " /v1/providers/{provider}."),
    PROVIDER_URL_REFUSED(Actor.OPERATOR, Zone.PROVIDER_CONFIG, true,
            "A provider URL points at a loopback or private address, which Tokenkeeper refuses to call.",
            "Point the provider's URLs at public hosts, or set TOKENKEEPER_ALLOW_PRIVATE_URLS=true for a provider"
                    + " inside your network."),
    CONNECTION_CONFIG_INVALID(Actor.OPERATOR, Zone.PROVIDER_CONFIG, false,
            "A per-connection setting the provider's URLs are filled with (connection_config) is missing for this"
                    + " connection, or its value breaks the setting's rule.",
            "Import the connection again with connection_config set, or fix the provider's connection_config rule"
                    + " with PUT /v1/providers/{provider}."),
    CLIENT_CREDENTIALS_REJECTED(Actor.OPERATOR, Zone.PROVIDER_CONFIG, true,
            "The provider rejected the OAuth client: a wrong client_id or client_secret, or a deleted client.",
            "Fix client_id and client_secret with PUT /v1/providers/{provider} (copy them again from the"
                    + " provider's app settings)."),
    CLIENT_AUTH_METHOD_WRONG(Actor.OPERATOR, Zone.PROVIDER_CONFIG, true,
            "The provider expected the client credentials elsewhere (HTTP Basic header or the form body).",
            "Switch client_auth between client_secret_basic and client_secret_post with PUT"
                    + " /v1/providers/{provider}."),
    CLIENT_NOT_AUTHORIZED(Actor.OPERATOR, Zone.PROVIDER_CONFIG, true,
            "The provider does not allow this client to use the refresh_token grant (unauthorized_client).",
            "Enable refresh tokens (offline access) for the app in the provider's developer console."),
    SCOPE_INVALID(Actor.OPERATOR, Zone.PROVIDER_CONFIG, true,
            "The provider refused the requested scopes (invalid_scope).",
            "Fix scopes with PUT /v1/providers/{provider} to ones the app is allowed to request."),
    REFRESH_REQUEST_MALFORMED(Actor.OPERATOR, Zone.PROVIDER_CONFIG, true,
            "The provider said the refresh request itself is malformed (invalid_request or unsupported_grant_type).",
            "Compare the provider's documentation with token_url, client_auth and token_request_params, and fix"
                    + " them with PUT /v1/providers/{provider}."),
    TOKEN_ANSWER_UNRECOGNIZED(Actor.OPERATOR, Zone.PROVIDER_CONFIG, true,
            "The token endpoint answered with an error Tokenkeeper does not know and that is not OAuth's.",
            "Check token_url, and teach Tokenkeeper the provider's errors with error_expression (PUT"
                    + " /v1/providers/{provider})."),
    NO_REFRESH_TOKEN(Actor.OPERATOR, Zone.PROVIDER_CONFIG, false,
            "The provider issued no refresh token, so the grant dies when its access token expires.",
            "Request offline access: add the provider's offline scope (offline_access, refresh_token) to scopes or"
                    + " authorization_params (Google: access_type=offline and prompt=consent), then reconnect."),
    INSUFFICIENT_SCOPE(Actor.OPERATOR, Zone.PROVIDER_CONFIG, false,
            "The provider's API refuses the token for lack of a scope.",
            "Add the missing scope to scopes with PUT /v1/providers/{provider}, then have the user reconnect."),
    API_BASE_URL_WRONG(Actor.OPERATOR, Zone.PROVIDER_CONFIG, true,
            "The provider's API at api_base_url is not the one for these tokens: it rejects a token that was just"
                    + " refreshed (a wrong environment or region), its host does not resolve, or the whoami path is"
                    + " not found there.",
            "Fix api_base_url (and whoami.path) with PUT /v1/providers/{provider}, in the same environment as"
                    + " token_url."),
    AUTH_FAILURE_STATUSES_WRONG(Actor.OPERATOR, Zone.PROVIDER_CONFIG, true,
            "The provider's API signals an expired token with a status that is not in auth_failure_statuses, so"
                    + " the proxy never refreshes on it.",
            "Add that status to auth_failure_statuses with PUT /v1/providers/{provider}."),
    API_ERROR_IN_BODY(Actor.OPERATOR, Zone.PROVIDER_CONFIG, true,
            "The provider's API answers errors with a success status and an error body, which Tokenkeeper cannot"
                    + " read without an error_expression.",
            "Set error_expression with PUT /v1/providers/{provider} so that such bodies count as failures."),
    EXPIRES_IN_UNIT_WRONG(Actor.OPERATOR, Zone.PROVIDER_CONFIG, true,
            "The provider's expires_in does not look like seconds (it looks like milliseconds).",
            "Set token_response.expires_in_unit with PUT /v1/providers/{provider}."),
    CLOCK_SKEW(Actor.OPERATOR, Zone.PROVIDER_CONFIG, false,
            "Tokens arrive already expired or expire at once: this host's clock or the provider's is off.",
            "Synchronise this host's clock (NTP); if it is right, the provider's expires_at is wrong: set"
                    + " token_response.default_ttl_seconds."),
    TESTING_MODE_EXPIRY(Actor.OPERATOR, Zone.PROVIDER_CONFIG, false,
            "Grants die about 7 days after they are issued: the OAuth app is in testing (unpublished) mode.",
            "Publish the OAuth app (Google: set its publishing status to In production), then have users"
                    + " reconnect."),
    RECONNECT_NOT_KEPT(Actor.OPERATOR, Zone.PROVIDER_CONFIG, false,
            "The grant died again within a day of a reconnect: something else holds a copy of the grant and spends"
                    + " its rotated refresh token, or the app is in testing mode.",
            "Stop every other client from refreshing this grant (only Tokenkeeper may hold it) and check the app's"
                    + " publishing status; then send a reconnect link."),
    REDIRECT_URI_MISMATCH(Actor.OPERATOR, Zone.PROVIDER_CONFIG, true,
            "The provider refused the redirect URI during connect.",
            "Register TOKENKEEPER_PUBLIC_URL + /oauth/callback as a redirect URI in the provider's app settings."),
    AUTHORIZATION_FAILED(Actor.OPERATOR, Zone.PROVIDER_CONFIG, false,
            "The provider answered the authorization request during connect with an error (not a refusal by the"
                    + " user), or sent the user back without a code.",
            "Read the provider's error in the connect session; check client_id, scopes, authorization_url and"
                    + " authorization_params with PUT /v1/providers/{provider}, then ask the user to connect again."),
    CODE_EXCHANGE_FAILED(Actor.OPERATOR, Zone.PROVIDER_CONFIG, false,
            "The provider refused to exchange the authorization code for tokens during connect.",
            "Read the provider's words in the evidence; check client_id, client_secret, client_auth and token_url,"
                    + " then ask the user to connect again."),

    // The provider must heal; Tokenkeeper retries.
    PROVIDER_OUTAGE(Actor.PROVIDER, Zone.TOKEN_ENDPOINT, false,
            "The provider's token endpoint is failing (5xx or a temporary error); retries are scheduled.",
            "Nothing to change: Tokenkeeper retries with backoff; check the provider's status page if it lasts."),
    RATE_LIMITED(Actor.PROVIDER, Zone.TOKEN_ENDPOINT, false,
            "The provider is rate limiting token requests; the next try waits for its Retry-After.",
            "Nothing to change: Tokenkeeper waits until the time in the evidence; if it recurs, lower the request"
                    + " volume to this provider."),
    TIMEOUT(Actor.PROVIDER, Zone.TOKEN_ENDPOINT, false,
            "The provider's token endpoint did not answer in time.",
            "Nothing to change: Tokenkeeper retries with backoff; if it lasts, check the network path to the"
                    + " provider."),
    PROVIDER_UNREACHABLE(Actor.PROVIDER, Zone.TOKEN_ENDPOINT, false,
            "The token endpoint could not be reached (unknown host, refused, TLS failure, broken connection); retries"
                    + " are scheduled and a lasting failure becomes token_host_unreachable.",
            "Nothing to change yet: if the host in the evidence is wrong, fix token_url with PUT"
                    + " /v1/providers/{provider}."),
    TOKEN_ANSWER_INCOMPLETE(Actor.PROVIDER, Zone.TOKEN_ENDPOINT, false,
            "The token endpoint answered success without a usable access token; retries are scheduled.",
            "Nothing to change yet; if it lasts, read the answer in the timeline and set error_expression."),
    REFRESH_FAILING(Actor.PROVIDER, Zone.TOKEN_ENDPOINT, false,
            "Refreshes have failed with retryable errors for longer than the escalation period.",
            "Read the last error in the evidence: if the provider is down, wait; otherwise fix what it names; the"
                    + " user keeps the grant."),
    PROVIDER_API_FAILING(Actor.PROVIDER, Zone.PROVIDER_API, false,
            "The token is fine but the provider's API fails (5xx, timeout, unreachable).",
            "Nothing to change in Tokenkeeper; check the provider's status page."),
    OUTCOME_UNKNOWN(Actor.OPERATOR, Zone.PROVIDER_API, false,
            "An action's request may have reached the provider when the instance sending it stopped, and the provider"
                    + " does not honour idempotency keys, so it was not sent again.",
            "Check at the provider whether the write happened; replay the action (POST /v1/actions/{id}/replay) only"
                    + " if it did not, or set idempotency_header with PUT /v1/providers/{provider} if the provider"
                    + " supports one."),
    INTERNAL_ERROR(Actor.OPERATOR, Zone.TOKEN_ENDPOINT, false,
            "A refresh ended in an error inside Tokenkeeper (for instance the database was unavailable); it is"
                    + " retried with backoff.",
            "Check Tokenkeeper's log and its database around the time in the evidence.");

    /** Where a cause sits, as a diagnosis names it. */
    public enum Zone {
        NONE, GRANT, PROVIDER_CONFIG, TOKEN_ENDPOINT, PROVIDER_API;

        /** The wire name ({@code provider_config}). */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Actor actor;
    private final Zone zone;
    private final boolean providerWide;
    private final String summary;
    private final String fix;

    Cause(Actor actor, Zone zone, boolean providerWide, String summary, String fix) {
        this.actor = actor;
        this.zone = zone;
        this.providerWide = providerWide;
        this.summary = summary;
        this.fix = fix;
    }

    /** The stable code ({@code grant_revoked}). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Actor actor() {
        return actor;
    }

    public Zone zone() {
        return zone;
    }

    /**
     * True when the cause lies in the provider config itself, so every connection of the provider suffers it and
     * the provider is marked misconfigured (and a config change re-verifies its connections).
     */
    public boolean providerWide() {
        return providerWide;
    }

    /** What happened, in one sentence. */
    public String summary() {
        return summary;
    }

    /** The fix, in one sentence, with {@code {provider}} as the placeholder for the provider key. */
    public String fix() {
        return fix;
    }

    /** The fix for a connection of {@code providerKey}. */
    public String fix(String providerKey) {
        return fix.replace("{provider}", providerKey == null ? "{key}" : providerKey);
    }

    /** The cause with this code, if there is one. */
    public static Optional<Cause> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (Cause cause : values()) {
            if (cause.code().equals(code)) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }
}
