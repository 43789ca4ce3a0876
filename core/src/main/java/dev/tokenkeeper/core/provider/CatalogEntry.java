package dev.tokenkeeper.core.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.cause.Cause;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One built-in provider: its key, a name and a documentation page for people, its config template (API.md's provider
 * config without client credentials), the causes it is known for, and its documented token-endpoint error answers.
 *
 * @param key         the provider key, also the template's {@code key}
 * @param displayName the provider's name for people
 * @param docsUrl     the provider's page that documents most of its quirks
 * @param template    the provider config without {@code client_id} and {@code client_secret}; copied in and out
 * @param knownCauses the causes the provider is known for, each with a hint specific to it (one per cause)
 * @param examples    documented error answers of its token endpoint, each with the class and cause it must get
 * @param refreshExample a documented successful answer to a refresh request, or null when the entry has none
 */
public record CatalogEntry(String key, String displayName, URI docsUrl, ObjectNode template,
        List<KnownCause> knownCauses, List<ErrorExample> examples, RefreshExample refreshExample) {

    /** Stands in for the client id only a user can supply, so a template can be validated and written out. */
    private static final String STAND_IN_CLIENT_ID = "catalog-template";

    public CatalogEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(docsUrl, "docsUrl");
        template = Objects.requireNonNull(template, "template").deepCopy();
        knownCauses = List.copyOf(knownCauses);
        examples = List.copyOf(examples);
        if (knownCauses.stream().map(KnownCause::cause).distinct().count() != knownCauses.size()) {
            throw new IllegalArgumentException("knownCauses must name each cause once");
        }
    }

    /** This provider's hint for a cause it is known for. */
    public Optional<String> hint(Cause cause) {
        return knownCauses.stream().filter(known -> known.cause() == cause).map(KnownCause::hint).findFirst();
    }

    /** A copy of the template: changing it changes nothing here. */
    @Override
    public ObjectNode template() {
        return template.deepCopy();
    }

    /**
     * The template overlaid with a user's fields and validated: {@code client_id}, {@code client_secret}, and any other
     * field of API.md's provider config. A field replaces the template's, except that an object field
     * ({@code token_response}, {@code rotation}, {@code whoami}, the params) is overlaid field by field; {@code key}
     * may be left out or must be this entry's.
     *
     * @throws InvalidProviderConfigException naming the field at fault (never quoting a value)
     */
    public ProviderConfig configure(JsonNode userFields) {
        if (userFields == null || !userFields.isObject()) {
            throw new InvalidProviderConfigException("(body)", "must be a JSON object");
        }
        JsonNode userKey = userFields.get("key");
        if (userKey != null && !userKey.isNull() && !key.equals(userKey.asText())) {
            throw new InvalidProviderConfigException("key", "must be " + key + ", the built-in provider's key, or "
                    + "left out");
        }
        ObjectNode config = template();
        overlay(config, (ObjectNode) userFields);
        return ProviderConfigJson.read(config);
    }

    /** The template as API.md's provider config JSON, every field with its effective value; {@code client_id} null. */
    public ObjectNode toJson() {
        ObjectNode json = ProviderConfigJson.write(withStandInClientId());
        json.putNull("client_id");
        return json;
    }

    /** The template configured with a stand-in client id: the template's own validation. */
    ProviderConfig withStandInClientId() {
        return configure(JsonNodeFactory.instance.objectNode().put("client_id", STAND_IN_CLIENT_ID));
    }

    private static void overlay(ObjectNode target, ObjectNode fields) {
        fields.properties().forEach(field -> {
            if (target.get(field.getKey()) instanceof ObjectNode inner && field.getValue() instanceof ObjectNode over) {
                overlay(inner, over);
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        });
    }
}
