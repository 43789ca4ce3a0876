package dev.tokenkeeper.postgres.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.provider.InvalidProviderConfigException;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.ProviderConfigJson;
import dev.tokenkeeper.core.token.Secret;

/** The stored form of a provider config: API.md's JSON without the client secret, which is kept apart, encrypted. */
final class ProviderRows {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SECRET_SET = "client_secret_set";

    private ProviderRows() {}

    /** The config column; throws when the JSON form would lose part of the config, so find returns what was saved. */
    static String configColumn(ProviderConfig config) {
        String json = ProviderConfigJson.write(config).toString();
        if (!config(config.key(), json, config.clientSecret()).equals(config)) {
            throw new IllegalArgumentException("provider " + config.key() + ": the config cannot be stored as it is,"
                    + " as its JSON form does not hold all of it (error-expression limits other than the defaults,"
                    + " or durations finer than a second)");
        }
        return json;
    }

    /** The config a row holds, with its decrypted client secret (or null); a row that contradicts itself is corrupt. */
    static ProviderConfig config(String key, String json, Secret clientSecret) {
        ObjectNode node = objectNode(key, json);
        if (!key.equals(node.path("key").asText(null))) {
            throw new CorruptProviderException(key, "the stored config names another provider", null);
        }
        if (node.path(SECRET_SET).asBoolean(false) != (clientSecret != null)) {
            throw new CorruptProviderException(key, "the stored config says the client secret is "
                    + (clientSecret == null ? "set, but none is stored" : "not set, but one is stored"), null);
        }
        if (clientSecret != null) {
            node.put("client_secret", clientSecret.reveal());
        }
        try {
            return ProviderConfigJson.read(node);
        } catch (InvalidProviderConfigException e) {
            throw new CorruptProviderException(key, "the stored config is not valid (" + e.getMessage() + ")", e);
        }
    }

    /** The stored config column as JSON, without the client secret; a broken column is reduced to the key. */
    static ObjectNode storedJson(String key, String json) {
        try {
            ObjectNode node = objectNode(key, json);
            node.remove("client_secret");
            return node;
        } catch (CorruptProviderException e) {
            return MAPPER.createObjectNode().put("key", key);
        }
    }

    private static ObjectNode objectNode(String key, String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // jsonb always holds JSON; anything else is reported as corrupt below
        }
        throw new CorruptProviderException(key, "the stored config is not a JSON object", null);
    }
}
