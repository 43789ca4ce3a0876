package dev.tokenkeeper.core.provider;

import dev.tokenkeeper.core.token.Secret;
import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One provider's OAuth configuration: endpoints, client credentials and the quirks Tokenkeeper must handle.
 *
 * <p>Field names follow API.md's provider config; every problem is an {@link InvalidProviderConfigException}
 * that names the field.
 */
public record ProviderConfig(
        String key,
        URI authorizationUrl,
        URI tokenUrl,
        URI refreshUrl,
        URI revocationUrl,
        URI apiBaseUrl,
        String clientId,
        Secret clientSecret,
        ClientAuth clientAuth,
        List<String> scopes,
        boolean pkce,
        TokenResponseSettings tokenResponse,
        RotationSettings rotation,
        Set<Integer> authFailureStatuses,
        ErrorExpression errorExpression,
        WhoamiCheck whoami,
        Map<String, String> refreshParams,
        String scopeSeparator,
        Map<String, String> authorizationParams,
        URI introspectionUrl,
        String idempotencyHeader,
        AccountSettings account,
        GrantType grantType,
        Map<String, ConnectionConfigField> connectionConfig,
        RevocationStyle revocationStyle) {

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /** An HTTP header name (RFC 9110 token characters). */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Set<String> SCOPE_SEPARATORS = Set.of(" ", ",");
    /** Parameters the connect flow sets itself; a provider's extra authorization params must not override them. */
    public static final List<String> AUTHORIZATION_OWN = List.of("response_type", "client_id", "redirect_uri",
            "scope", "state", "code_challenge", "code_challenge_method");

    public ProviderConfig {
        if (!isValidKey(key)) {
            throw new InvalidProviderConfigException(
                    "key", "must be 1-63 characters of a-z, 0-9, '_' or '-', starting with a letter or digit");
        }
        requireHttpUrl("authorization_url", authorizationUrl, false);
        requireHttpUrl("token_url", tokenUrl, true);
        requireHttpUrl("refresh_url", refreshUrl, false);
        requireHttpUrl("revocation_url", revocationUrl, false);
        requireHttpUrl("api_base_url", apiBaseUrl, false);
        requireHttpUrl("introspection_url", introspectionUrl, false);
        if (clientId == null || clientId.isBlank()) {
            throw new InvalidProviderConfigException("client_id", "is required");
        }
        clientAuth = clientAuth == null ? ClientAuth.CLIENT_SECRET_BASIC : clientAuth;
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        tokenResponse = tokenResponse == null ? TokenResponseSettings.DEFAULT : tokenResponse;
        rotation = rotation == null ? RotationSettings.DEFAULT : rotation;
        authFailureStatuses = authFailureStatuses == null || authFailureStatuses.isEmpty()
                ? Set.of(401)
                : Set.copyOf(authFailureStatuses);
        for (int status : authFailureStatuses) {
            if (status < 200 || status > 599) {
                throw new InvalidProviderConfigException("auth_failure_statuses", "holds " + status
                        + ", which is not an HTTP status from 200 to 599");
            }
        }
        refreshParams = refreshParams == null ? Map.of() : Map.copyOf(refreshParams);
        for (String reserved : List.of("grant_type", "refresh_token", "client_id", "client_secret")) {
            if (refreshParams.containsKey(reserved)) {
                throw new InvalidProviderConfigException("refresh_params", "must not set " + reserved);
            }
        }
        scopeSeparator = scopeSeparator == null ? " " : scopeSeparator;
        if (!SCOPE_SEPARATORS.contains(scopeSeparator)) {
            throw new InvalidProviderConfigException("scope_separator", "must be a space or a comma");
        }
        authorizationParams = authorizationParams == null ? Map.of() : Map.copyOf(authorizationParams);
        for (String own : AUTHORIZATION_OWN) {
            if (authorizationParams.containsKey(own)) {
                throw new InvalidProviderConfigException("authorization_params", "must not set " + own);
            }
        }
        idempotencyHeader = checkIdempotencyHeader(idempotencyHeader);
        account = account == null ? AccountSettings.DEFAULT : account;
        grantType = grantType == null ? GrantType.AUTHORIZATION_CODE : grantType;
        revocationStyle = revocationStyle == null ? RevocationStyle.RFC7009 : revocationStyle;
        connectionConfig = connectionConfig == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(connectionConfig));
        connectionConfig.forEach((name, field) -> {
            if (!name.equals(field.name())) {
                throw new InvalidProviderConfigException("connection_config." + name, "must be keyed by its name");
            }
        });
        UrlTemplate.requireDeclared("authorization_url", authorizationUrl, connectionConfig);
        UrlTemplate.requireDeclared("token_url", tokenUrl, connectionConfig);
        UrlTemplate.requireDeclared("refresh_url", refreshUrl, connectionConfig);
        UrlTemplate.requireDeclared("revocation_url", revocationUrl, connectionConfig);
        UrlTemplate.requireDeclared("api_base_url", apiBaseUrl, connectionConfig);
        UrlTemplate.requireDeclared("introspection_url", introspectionUrl, connectionConfig);
        if (grantType == GrantType.CLIENT_CREDENTIALS && (clientSecret == null || clientSecret.reveal().isEmpty())) {
            throw new InvalidProviderConfigException("client_secret", "is required when grant_type is"
                    + " client_credentials: the client's own credentials are the grant");
        }
    }

    /**
     * This config as one connection uses it: every URL's placeholders filled with the connection's values of
     * {@code connection_config}, read from its credentials (what its creator supplied, or the token response's field).
     * The config itself when it has no per-connection settings.
     *
     * @throws ConnectionConfigException naming the setting when a URL needs a value the connection lacks, or the value
     *     breaks the setting's rule
     */
    public ProviderConfig forConnection(Map<String, ?> credentials) {
        return filled(credentials, Arrays.asList(authorizationUrl, tokenUrl, refreshUrl, revocationUrl, apiBaseUrl,
                introspectionUrl));
    }

    /**
     * This config as {@link #forConnection(Map)} fills it, or the config as it is when it cannot be filled (for a
     * check that reports the failure itself, such as a diagnosis's whoami call).
     */
    public ProviderConfig forConnectionIfPossible(Map<String, ?> credentials) {
        try {
            return forConnection(credentials);
        } catch (ConnectionConfigException e) {
            return this;
        }
    }

    /**
     * This config as a connect session uses it, before the connection exists: its authorization and token URLs filled
     * with the session's {@code settings} (checked as {@link #credentialsWith} does), which must hold what those two
     * need; the other URLs are filled where a value is there already, and otherwise wait for the token response
     * (Salesforce's {@code instance_url}).
     *
     * @throws ConnectionConfigException naming a setting that is unknown, breaks its rule, or is missing for the two
     */
    public ProviderConfig forConnectSession(Map<String, String> settings) {
        return filled(credentialsWith(Map.of(), settings), Arrays.asList(authorizationUrl, tokenUrl));
    }

    private ProviderConfig filled(Map<String, ?> credentials, List<URI> required) {
        if (connectionConfig.isEmpty()) {
            return this;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (ConnectionConfigField field : connectionConfig.values()) {
            Optional<String> value = field.valueIn(credentials);
            if (value.isPresent()) {
                String refusal = field.refusal(value.get()).orElse(null);
                if (refusal != null) {
                    throw new ConnectionConfigException(field.name(), refusal);
                }
                values.put(field.name(), field.origin() ? value.get().replaceAll("/$", "") : value.get());
            }
        }
        for (URI url : required) {
            for (String name : UrlTemplate.names(url)) {
                if (!values.containsKey(name)) {
                    throw new ConnectionConfigException(name, "is not set for this connection");
                }
            }
        }
        return new ProviderConfig(key, UrlTemplate.fill(authorizationUrl, values), UrlTemplate.fill(tokenUrl, values),
                UrlTemplate.fill(refreshUrl, values), UrlTemplate.fill(revocationUrl, values),
                UrlTemplate.fill(apiBaseUrl, values), clientId, clientSecret, clientAuth, scopes, pkce, tokenResponse,
                rotation, authFailureStatuses, errorExpression, whoami, refreshParams, scopeSeparator,
                authorizationParams, UrlTemplate.fill(introspectionUrl, values), idempotencyHeader, account, grantType,
                connectionConfig, revocationStyle);
    }

    /**
     * A connection's credentials with the per-connection settings its creator supplied, each checked and kept under the
     * name its value is read from (a setting read from the token response keeps the token response's field).
     *
     * @throws ConnectionConfigException naming the first setting at fault
     */
    public Map<String, Object> credentialsWith(Map<String, ?> credentials, Map<String, String> supplied) {
        checkSupplied(supplied);
        Map<String, Object> with = new LinkedHashMap<>(credentials);
        supplied.forEach((name, value) -> with.put(connectionConfig.get(name).credentialName(), value));
        return with;
    }

    /** Whether {@code url}, one of this config's URLs, holds per-connection placeholders to fill. */
    public boolean perConnection(URI url) {
        return !UrlTemplate.names(url).isEmpty();
    }

    /**
     * Checks the per-connection settings a connection's creator supplies: each must be one of this provider's
     * {@code connection_config} and follow its rule.
     *
     * @throws ConnectionConfigException naming the first setting at fault
     */
    private void checkSupplied(Map<String, String> supplied) {
        supplied.forEach((name, value) -> {
            ConnectionConfigField field = connectionConfig.get(name);
            if (field == null) {
                throw new ConnectionConfigException(name, connectionConfig.isEmpty()
                        ? "is not a setting of this provider: it has no connection_config"
                        : "is not a setting of this provider (" + String.join(", ", connectionConfig.keySet()) + ")");
            }
            field.refusal(value).ifPresent(refusal -> {
                throw new ConnectionConfigException(name, refusal);
            });
        });
    }

    /** Whether connections of this provider get their tokens with the client's credentials, with no user. */
    public boolean clientCredentials() {
        return grantType == GrantType.CLIENT_CREDENTIALS;
    }

    private static String checkIdempotencyHeader(String header) {
        if (header == null) {
            return null;
        }
        if (!HEADER_NAME.matcher(header).matches()) {
            throw new InvalidProviderConfigException("idempotency_header",
                    "must be an HTTP header name of 1-64 token characters, such as Idempotency-Key");
        }
        if (header.equalsIgnoreCase("authorization") || header.equalsIgnoreCase("host")
                || header.equalsIgnoreCase("content-length")) {
            throw new InvalidProviderConfigException("idempotency_header", "must not be " + header);
        }
        return header;
    }

    /** True when the key has the accepted form, for validating input before looking a provider up. */
    public static boolean isValidKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    private static void requireHttpUrl(String field, URI url, boolean required) {
        if (url == null) {
            if (required) {
                throw new InvalidProviderConfigException(field, "is required");
            }
            return;
        }
        String scheme = url.getScheme();
        if (!url.isAbsolute() || url.getHost() == null
                || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
            throw new InvalidProviderConfigException(field, "must be an absolute http or https URL");
        }
        if (url.getRawUserInfo() != null || url.getRawFragment() != null) {
            throw new InvalidProviderConfigException(field, "must not carry user info or a fragment");
        }
    }

    /** Where refresh requests go: {@code refresh_url} when set, else {@code token_url}. */
    public URI refreshEndpoint() {
        return refreshUrl != null ? refreshUrl : tokenUrl;
    }

    /** The {@code scope} parameter of an authorization request: the scopes joined by the provider's separator. */
    public String scopeParameter() {
        return String.join(scopeSeparator, scopes);
    }

    /** A builder with the defaults of API.md, for code and tests. */
    public static Builder builder(String key) {
        return new Builder(key);
    }

    /** Accumulates a {@link ProviderConfig}; {@link #build()} validates. */
    public static final class Builder {
        private final String key;
        private URI authorizationUrl;
        private URI tokenUrl;
        private URI refreshUrl;
        private URI revocationUrl;
        private URI apiBaseUrl;
        private String clientId;
        private Secret clientSecret;
        private ClientAuth clientAuth = ClientAuth.CLIENT_SECRET_BASIC;
        private List<String> scopes = List.of();
        private boolean pkce = true;
        private TokenResponseSettings tokenResponse = TokenResponseSettings.DEFAULT;
        private RotationSettings rotation = RotationSettings.DEFAULT;
        private Set<Integer> authFailureStatuses = Set.of(401);
        private ErrorExpression errorExpression;
        private WhoamiCheck whoami;
        private Map<String, String> refreshParams = Map.of();
        private String scopeSeparator = " ";
        private Map<String, String> authorizationParams = Map.of();
        private URI introspectionUrl;
        private String idempotencyHeader;
        private AccountSettings account = AccountSettings.DEFAULT;
        private GrantType grantType = GrantType.AUTHORIZATION_CODE;
        private Map<String, ConnectionConfigField> connectionConfig = Map.of();
        private RevocationStyle revocationStyle = RevocationStyle.RFC7009;

        private Builder(String key) {
            this.key = key;
        }

        public Builder authorizationUrl(URI url) { this.authorizationUrl = url; return this; }
        public Builder tokenUrl(URI url) { this.tokenUrl = url; return this; }
        public Builder refreshUrl(URI url) { this.refreshUrl = url; return this; }
        public Builder revocationUrl(URI url) { this.revocationUrl = url; return this; }
        public Builder apiBaseUrl(URI url) { this.apiBaseUrl = url; return this; }
        public Builder clientId(String id) { this.clientId = id; return this; }
        public Builder clientSecret(Secret secret) { this.clientSecret = secret; return this; }
        public Builder clientAuth(ClientAuth auth) { this.clientAuth = Objects.requireNonNull(auth); return this; }
        public Builder scopes(List<String> list) { this.scopes = list; return this; }
        public Builder pkce(boolean on) { this.pkce = on; return this; }
        public Builder tokenResponse(TokenResponseSettings settings) { this.tokenResponse = settings; return this; }
        public Builder rotation(RotationSettings settings) { this.rotation = settings; return this; }
        public Builder authFailureStatuses(Set<Integer> statuses) { this.authFailureStatuses = statuses; return this; }
        public Builder errorExpression(ErrorExpression expression) { this.errorExpression = expression; return this; }
        public Builder whoami(WhoamiCheck check) { this.whoami = check; return this; }
        public Builder refreshParams(Map<String, String> params) { this.refreshParams = params; return this; }
        public Builder scopeSeparator(String separator) { this.scopeSeparator = separator; return this; }
        public Builder authorizationParams(Map<String, String> params) {
            this.authorizationParams = params;
            return this;
        }

        /** The RFC 7662 token introspection endpoint, asked about the refresh token after an interrupted refresh. */
        public Builder introspectionUrl(URI url) { this.introspectionUrl = url; return this; }

        /**
         * The request header the provider reads an idempotency key from ({@code Idempotency-Key}), or null when it
         * honours none: actions send their key in it, and resend an interrupted request with the same key.
         */
        public Builder idempotencyHeader(String header) { this.idempotencyHeader = header; return this; }

        /** How a reconnect tells the account that came back from the connected one. */
        public Builder account(AccountSettings settings) { this.account = settings; return this; }

        /** How connections get their tokens (default: a user's grant, {@link GrantType#AUTHORIZATION_CODE}). */
        public Builder grantType(GrantType type) { this.grantType = type; return this; }

        /** The per-connection settings its URLs' placeholders are filled with. */
        public Builder connectionConfig(Map<String, ConnectionConfigField> fields) {
            this.connectionConfig = fields;
            return this;
        }

        /** How the revocation endpoint takes the token (default RFC 7009's form). */
        public Builder revocationStyle(RevocationStyle style) {
            this.revocationStyle = style;
            return this;
        }

        public ProviderConfig build() {
            return new ProviderConfig(key, authorizationUrl, tokenUrl, refreshUrl, revocationUrl, apiBaseUrl,
                    clientId, clientSecret, clientAuth, scopes, pkce, tokenResponse, rotation,
                    authFailureStatuses, errorExpression, whoami, refreshParams, scopeSeparator, authorizationParams,
                    introspectionUrl, idempotencyHeader, account, grantType, connectionConfig, revocationStyle);
        }
    }
}
