package dev.tokenkeeper.server.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.Fields;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A JSON merge patch (RFC 7396) of a connection's metadata: a string value sets its key, {@code null} removes it, and
 * a {@code null} metadata removes every key. Values and keys have the limits of an import's metadata.
 *
 * @param changes each key with its new value, or null to remove it
 * @param clear   true to start from no metadata at all ({@code "metadata": null})
 */
record MetadataPatch(Map<String, String> changes, boolean clear) {
    /** The longest metadata key. */
    static final int MAX_KEY = 128;
    private static final String FIELD = "metadata";
    /** A connection's fields that a PATCH may name, to be told they are read-only rather than unknown. */
    private static final Set<String> READ_ONLY = Set.of("id", "provider", "state", "expires_at", "next_refresh_at",
            "last_refreshed_at", "refresh_count", "consecutive_failures", "has_refresh_token", "scopes", "last_error",
            "created_at", "updated_at", "credentials", "connection_id");

    MetadataPatch {
        changes = new LinkedHashMap<>(Objects.requireNonNull(changes, "changes"));
    }

    /** The patch a {@code PATCH} body holds; any member but {@code metadata} is refused, naming it. */
    static MetadataPatch fromBody(ObjectNode body) {
        for (String field : (Iterable<String>) body::fieldNames) {
            if (!field.equals(FIELD)) {
                String shown = field.length() > 64 ? field.substring(0, 64) + "…" : field;
                throw ApiProblem.invalidField(shown, READ_ONLY.contains(field)
                        ? "cannot be changed; only metadata can be patched"
                        : "is not a known field; only metadata can be patched");
            }
        }
        return read(body.get(FIELD));
    }

    /** The patch in a request's {@code metadata} member: absent changes nothing, null clears. */
    static MetadataPatch read(JsonNode metadata) {
        if (metadata == null) {
            return new MetadataPatch(Map.of(), false);
        }
        if (metadata.isNull()) {
            return new MetadataPatch(Map.of(), true);
        }
        if (!metadata.isObject()) {
            throw ApiProblem.invalidField("metadata", "must be a JSON object of strings (null removes a key)");
        }
        Map<String, String> changes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (key.length() > MAX_KEY) {
                throw ApiProblem.invalidField("metadata", "has a key of " + key.length() + " characters; a key has"
                        + " at most " + MAX_KEY);
            }
            if (!value.isNull() && (!value.isTextual() || value.textValue().length() > Fields.MAX_TEXT)) {
                throw ApiProblem.invalidField("metadata." + key, "must be a string of at most " + Fields.MAX_TEXT
                        + " characters, or null to remove the key");
            }
            changes.put(key, value.isNull() ? null : value.textValue());
        }
        return new MetadataPatch(changes, false);
    }

    /** The metadata after this patch; more than {@value Fields#MAX_MAP_ENTRIES} entries are refused. */
    Map<String, String> apply(Map<String, String> current) {
        Map<String, String> next = new LinkedHashMap<>(clear ? Map.of() : current);
        changes.forEach((key, value) -> {
            if (value == null) {
                next.remove(key);
            } else {
                next.put(key, value);
            }
        });
        if (next.size() > Fields.MAX_MAP_ENTRIES) {
            throw ApiProblem.invalidField("metadata", "would hold " + next.size() + " entries; a connection's"
                    + " metadata has at most " + Fields.MAX_MAP_ENTRIES);
        }
        return next;
    }
}
