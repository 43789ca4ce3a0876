package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.provider.ClientAuth;
import dev.tokenkeeper.core.token.Secret;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A form POST to a token endpoint, with client authentication still to be applied by the adapter.
 *
 * @param url          the token (or refresh) endpoint
 * @param grantType    {@code refresh_token}, {@code authorization_code}, …; null for a request that is not a
 *                     grant, such as an RFC 7009 revocation
 * @param secretParams form parameters whose values are secrets ({@code refresh_token}, {@code code}, …)
 * @param params       other form parameters, in order
 * @param clientId     the client id
 * @param clientSecret the client secret, or null for a public client
 * @param clientAuth   where the client credentials go
 */
public record TokenRequest(
        URI url,
        String grantType,
        Map<String, Secret> secretParams,
        Map<String, String> params,
        String clientId,
        Secret clientSecret,
        ClientAuth clientAuth) {

    public TokenRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientAuth, "clientAuth");
        secretParams = secretParams == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(secretParams));
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
