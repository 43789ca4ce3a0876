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
 * @param shape        how the request is written: a form (every token request), or, for a revocation endpoint that
 *                     is not RFC 7009's, a JSON body or the {@code token} secret as a bearer token with no body
 */
public record TokenRequest(
        URI url,
        String grantType,
        Map<String, Secret> secretParams,
        Map<String, String> params,
        String clientId,
        Secret clientSecret,
        ClientAuth clientAuth,
        Shape shape) {

    /** How a request is written on the wire. */
    public enum Shape {
        /** {@code application/x-www-form-urlencoded}, the client by HTTP Basic or in the form. */
        FORM,
        /** A JSON object of the parameters, the client by HTTP Basic or in the object. */
        JSON,
        /** No body; the secret parameter {@code token} as {@code Authorization: Bearer}, no client authentication. */
        BEARER
    }

    /** A form request, as every token request is. */
    public TokenRequest(URI url, String grantType, Map<String, Secret> secretParams, Map<String, String> params,
            String clientId, Secret clientSecret, ClientAuth clientAuth) {
        this(url, grantType, secretParams, params, clientId, clientSecret, clientAuth, Shape.FORM);
    }

    public TokenRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientAuth, "clientAuth");
        shape = shape == null ? Shape.FORM : shape;
        secretParams = secretParams == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(secretParams));
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
