package dev.tokenkeeper.core.provider;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads and checks the provider catalog's YAML; every problem is an {@link IllegalStateException} naming the entry. */
final class CatalogReader {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Set<String> ENTRY_FIELDS = Set.of("key", "display_name", "docs_url", "config",
            "known_causes", "examples");
    /** Fields only a user supplies; a template that sets one is broken. */
    private static final Set<String> USER_FIELDS = Set.of("key", "client_id", "client_secret", "client_secret_set");

    private CatalogReader() {}

    static List<CatalogEntry> read(InputStream yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalStateException(source + " is not valid YAML: " + e.getMessage(), e);
        }
        JsonNode providers = root == null ? null : root.get("providers");
        if (providers == null || !providers.isArray() || providers.isEmpty()) {
            throw new IllegalStateException(source + " has no non-empty list under providers");
        }
        List<CatalogEntry> entries = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (JsonNode node : providers) {
            CatalogEntry entry = entry(node, source + " entry " + (entries.size() + 1));
            if (!keys.add(entry.key())) {
                throw new IllegalStateException(source + " has two entries with the key " + entry.key());
            }
            entries.add(entry);
        }
        return entries;
    }

    private static CatalogEntry entry(JsonNode node, String where) {
        if (!node.isObject()) {
            throw broken(where, "is not a mapping");
        }
        onlyFields(node, ENTRY_FIELDS, where);
        String key = text(node, "key", where);
        String named = where + " (" + key + ")";
        List<KnownCause> knownCauses = CatalogCausesReader.knownCauses(node.get("known_causes"), named);
        CatalogEntry entry = new CatalogEntry(key, text(node, "display_name", named),
                https(text(node, "docs_url", named), "docs_url", named), template(node.get("config"), key, named),
                knownCauses, CatalogCausesReader.examples(node.get("examples"), knownCauses, named));
        requireUsable(entry, named);
        return entry;
    }

    /** The config with the entry's key, as API.md's provider config without client credentials. */
    private static ObjectNode template(JsonNode config, String key, String where) {
        if (config == null || !config.isObject()) {
            throw broken(where, "config must be a mapping");
        }
        for (String field : USER_FIELDS) {
            if (config.has(field)) {
                throw broken(where, "config must not set " + field + ": a user supplies it");
            }
        }
        ObjectNode template = JsonNodeFactory.instance.objectNode().put("key", key);
        template.setAll((ObjectNode) config);
        return template;
    }

    /** The template must make a valid provider config once a client id is given, and reach only https URLs. */
    private static void requireUsable(CatalogEntry entry, String where) {
        ProviderConfig config;
        try {
            config = entry.withStandInClientId();
        } catch (InvalidProviderConfigException e) {
            throw new IllegalStateException(where + " is not a valid provider config: " + e.getMessage(), e);
        }
        for (URI url : Arrays.asList(config.authorizationUrl(), config.tokenUrl(), config.refreshUrl(),
                config.revocationUrl(), config.apiBaseUrl(), config.introspectionUrl())) {
            if (url != null && !"https".equals(url.getScheme())) {
                throw broken(where, "every URL must be https, not " + url);
            }
        }
    }

    static void onlyFields(JsonNode node, Set<String> known, String where) {
        Set<String> unknown = new TreeSet<>();
        node.fieldNames().forEachRemaining(unknown::add);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw broken(where, "has unknown fields " + unknown);
        }
    }

    static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw broken(where, field + " must be a non-blank string");
        }
        return value.textValue();
    }

    private static URI https(String text, String field, String where) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw broken(where, field + " is not a URL");
        }
        if (!"https".equals(url.getScheme()) || url.getHost() == null) {
            throw broken(where, field + " must be an absolute https URL");
        }
        return url;
    }

    static IllegalStateException broken(String where, String problem) {
        return new IllegalStateException(where + ": " + problem);
    }
}
