package dev.tokenkeeper.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Typed reading of a JSON request object: every problem is an {@link ApiProblem} naming the field, and unknown
 * fields are refused (a typo must not be silently ignored).
 */
public final class Fields {
    /** The most entries a string map (such as {@code metadata}) may hold. */
    public static final int MAX_MAP_ENTRIES = 64;
    /** The longest string accepted in a map entry or a plain text field. */
    public static final int MAX_TEXT = 2048;

    private final ObjectNode node;
    private final String prefix;

    private Fields(ObjectNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    /** The fields of {@code node}, refusing any name outside {@code allowed}. */
    public static Fields of(ObjectNode node, Set<String> allowed) {
        return of(node, allowed, "");
    }

    private static Fields of(ObjectNode node, Set<String> allowed, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiProblem.invalidField(prefix + name, "is not a known field");
            }
        }
        return new Fields(node, prefix);
    }

    /** A required non-blank string. */
    public String requiredText(String name) {
        String value = optionalText(name);
        if (value == null) {
            throw ApiProblem.invalidField(prefix + name, "is required");
        }
        return value;
    }

    /** A non-blank string, or null when absent or JSON null. */
    public String optionalText(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiProblem.invalidField(prefix + name, "must be a string");
        }
        String text = value.textValue();
        if (text.isBlank()) {
            throw ApiProblem.invalidField(prefix + name, "must not be blank");
        }
        if (text.length() > MAX_TEXT) {
            throw ApiProblem.invalidField(prefix + name, "must be at most " + MAX_TEXT + " characters");
        }
        return text;
    }

    /**
     * A string that must pass {@code valid}, or null when absent or JSON null; any other string is refused with
     * {@code rule} (which states the whole rule, length included, so nothing else is checked first).
     */
    public String optionalMatching(String name, Predicate<String> valid, String rule) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || !valid.test(value.textValue())) {
            throw ApiProblem.invalidField(prefix + name, rule);
        }
        return value.textValue();
    }

    /** As {@link #optionalMatching}, but required. */
    public String requiredMatching(String name, Predicate<String> valid, String rule) {
        String value = optionalMatching(name, valid, rule);
        if (value == null) {
            throw ApiProblem.invalidField(prefix + name, "is required");
        }
        return value;
    }

    /** A required JSON object. */
    public ObjectNode requiredObject(String name) {
        ObjectNode value = optionalObject(name);
        if (value == null) {
            throw ApiProblem.invalidField(prefix + name, "is required");
        }
        return value;
    }

    /** A JSON object, or null when absent or null. */
    public ObjectNode optionalObject(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw ApiProblem.invalidField(prefix + name, "must be a JSON object");
        }
        return (ObjectNode) value;
    }

    /** An object of string values (such as {@code metadata}), empty when absent. */
    public Map<String, String> stringMap(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw ApiProblem.invalidField(prefix + name, "must be a JSON object of strings");
        }
        if (value.size() > MAX_MAP_ENTRIES) {
            throw ApiProblem.invalidField(prefix + name, "must have at most " + MAX_MAP_ENTRIES + " entries");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            JsonNode text = entry.getValue();
            if (!text.isTextual() || text.textValue().length() > MAX_TEXT || entry.getKey().length() > 128) {
                throw ApiProblem.invalidField(prefix + name + "." + entry.getKey(),
                        "must be a string of at most " + MAX_TEXT + " characters under a key of at most 128");
            }
            map.put(entry.getKey(), text.textValue());
        }
        return map;
    }
}
