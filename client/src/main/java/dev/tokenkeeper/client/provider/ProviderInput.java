package dev.tokenkeeper.client.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.client.Secret;
import dev.tokenkeeper.client.internal.Json;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A provider config to store: the client credentials, the usual URLs (a catalog key needs none), the scopes, and
 * {@code extra}, any other fields by their JSON names ({@code rotation}, {@code whoami}…), null fields left out.
 */
public record ProviderInput(String clientId, Secret clientSecret, URI authorizationUrl, URI tokenUrl,
        URI revocationUrl, URI apiBaseUrl, List<String> scopes, Map<String, Object> extra) {
    public ProviderInput {
        Objects.requireNonNull(clientId, "clientId");
        scopes = scopes == null ? null : List.copyOf(scopes);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** The client credentials only (enough for a catalog key). */
    public static ProviderInput credentials(String clientId, Secret clientSecret) {
        return new ProviderInput(clientId, clientSecret, null, null, null, null, null, Map.of());
    }

    public ProviderInput withUrls(URI authorizationUrl, URI tokenUrl, URI revocationUrl, URI apiBaseUrl) {
        return new ProviderInput(clientId, clientSecret, authorizationUrl, tokenUrl, revocationUrl, apiBaseUrl, scopes,
                extra);
    }

    public ProviderInput withScopes(List<String> scopes) {
        return new ProviderInput(clientId, clientSecret, authorizationUrl, tokenUrl, revocationUrl, apiBaseUrl, scopes,
                extra);
    }

    public ProviderInput withExtra(Map<String, Object> extra) {
        return new ProviderInput(clientId, clientSecret, authorizationUrl, tokenUrl, revocationUrl, apiBaseUrl, scopes,
                extra);
    }

    /** The body of {@code PUT /v1/providers/{key}}. */
    ObjectNode toJson() {
        ObjectNode json = Json.tree(extra);
        json.put("client_id", clientId);
        if (clientSecret != null) {
            json.put("client_secret", clientSecret.reveal());
        }
        putUrl(json, "authorization_url", authorizationUrl);
        putUrl(json, "token_url", tokenUrl);
        putUrl(json, "revocation_url", revocationUrl);
        putUrl(json, "api_base_url", apiBaseUrl);
        if (scopes != null) {
            json.set("scopes", Json.mapper().valueToTree(scopes));
        }
        return json;
    }

    private static void putUrl(ObjectNode json, String name, URI url) {
        if (url != null) {
            json.put(name, url.toString());
        }
    }
}
