package dev.tokenkeeper.core.provider;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Reads and checks the provider catalog's YAML; every problem is an {@link IllegalStateException} naming the entry. */
final class CatalogReader {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Set<String> ENTRY_FIELDS = Set.of("key", "display_name", "docs_url", "config",
            "known_causes", "examples", "refresh_example");
    /** Fields only a user supplies; a template that sets one is broken. */
    private static final Set<String> USER_FIELDS = Set.of("key", "client_id", "client_secret", "client_secret_set");

    private CatalogReader() {}

    /** A catalog whose entries are all in one document, as a list of mappings under {@code providers}. */
    static List<CatalogEntry> read(InputStream yaml, String source) {
        return entries(providers(tree(yaml, source), source), source);
    }

    /**
     * A catalog as the built-in one is kept: an index listing the keys under {@code providers}, and each entry in a
     * document of its own, {@code <key>.yaml} in the folder {@code folder}, opened by {@code open} (null when
     * missing).
     */
    static List<CatalogEntry> readIndexed(InputStream index, String source, String folder,
            Function<String, InputStream> open) {
        ArrayNode entries = JsonNodeFactory.instance.arrayNode();
        for (JsonNode listed : providers(tree(index, source), source)) {
            if (!listed.isTextual() || !ProviderConfig.isValidKey(listed.textValue())) {
                throw broken(source, "lists " + listed + " under providers, which is not a provider key");
            }
            String file = folder + "/" + listed.textValue() + ".yaml";
            JsonNode entry;
            try (InputStream yaml = open.apply(file)) {
                if (yaml == null) {
                    throw broken(source, "lists " + listed.textValue() + ", but " + file + " is missing");
                }
                entry = tree(yaml, file);
            } catch (IOException e) {
                throw new UncheckedIOException(file + " could not be read", e);
            }
            if (entry == null || !listed.equals(entry.get("key"))) {
                throw broken(file, "must hold the entry whose key is " + listed.textValue());
            }
            entries.add(entry);
        }
        return entries(entries, source);
    }

    private static JsonNode tree(InputStream yaml, String source) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalStateException(source + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    private static JsonNode providers(JsonNode root, String source) {
        JsonNode providers = root == null ? null : root.get("providers");
        if (providers == null || !providers.isArray() || providers.isEmpty()) {
            throw new IllegalStateException(source + " has no non-empty list under providers");
        }
        return providers;
    }

    private static List<CatalogEntry> entries(JsonNode providers, String source) {
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
                knownCauses, CatalogCausesReader.examples(node.get("examples"), knownCauses, named),
                node.has("refresh_example") ? CatalogCausesReader.refreshExample(node.get("refresh_example"), named)
                        : null);
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
