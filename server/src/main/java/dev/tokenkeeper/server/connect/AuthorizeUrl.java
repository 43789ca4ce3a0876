package dev.tokenkeeper.server.connect;

import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the provider's authorization request URL (RFC 6749 §4.1.1, RFC 7636 §4.3). */
final class AuthorizeUrl {
    private AuthorizeUrl() {}

    /**
     * The provider's {@code authorization_url} with the flow's parameters added to any query it has.
     *
     * @param codeVerifier the PKCE verifier whose S256 challenge is sent, or null to send none
     * @param extraParams  further parameters for this session (e.g. {@code login_hint}); they win over the
     *                     provider's own {@code authorization_params} but never replace the flow's parameters
     */
    static URI of(ProviderConfig provider, URI callbackUrl, Secret state, Secret codeVerifier,
            Map<String, String> extraParams) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", provider.clientId());
        params.put("redirect_uri", callbackUrl.toString());
        if (!provider.scopes().isEmpty()) {
            params.put("scope", provider.scopeParameter());
        }
        params.put("state", state.reveal());
        if (codeVerifier != null) {
            params.put("code_challenge", Pkce.challenge(codeVerifier));
            params.put("code_challenge_method", Pkce.METHOD);
        }
        provider.authorizationParams().forEach(params::putIfAbsent);
        extraParams.forEach((name, value) -> {
            if (!ProviderConfig.AUTHORIZATION_OWN.contains(name)) {
                params.put(name, value);
            }
        });
        return URI.create(withQuery(provider.authorizationUrl().toString(), params));
    }

    private static String withQuery(String base, Map<String, String> params) {
        StringBuilder url = new StringBuilder(base);
        char separator = base.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> param : params.entrySet()) {
            url.append(separator).append(encode(param.getKey())).append('=').append(encode(param.getValue()));
            separator = '&';
        }
        return url.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
