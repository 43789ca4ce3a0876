package dev.tokenkeeper.core.token;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a JSON object body into plain values: String, Long, BigInteger, Double, Boolean, List, Map or null. */
final class JsonFields {
    /** Deep enough for any real token response, shallow enough that recursion over the tree is safe. */
    static final int MAX_NESTING_DEPTH = 64;
    /** Digits of one number; longer numbers make the whole body unreadable. */
    static final int MAX_NUMBER_LENGTH = 100;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxStringLength(TokenResponseParser.MAX_BODY_CHARS)
                    .build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The fields of a body that is one JSON object, or empty for anything else. */
    static Optional<Map<String, Object>> read(String body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            return root != null && root.isObject() ? Optional.of(object(root)) : Optional.empty();
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> object(JsonNode node) {
        Map<String, Object> fields = new LinkedHashMap<>();
        node.properties().forEach(field -> fields.put(field.getKey(), plain(field.getValue())));
        return Collections.unmodifiableMap(fields);
    }

    private static List<Object> array(JsonNode node) {
        List<Object> items = new ArrayList<>(node.size());
        node.forEach(item -> items.add(plain(item)));
        return Collections.unmodifiableList(items);
    }

    private static Object plain(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> object(node);
            case ARRAY -> array(node);
            case STRING -> node.textValue();
            case NUMBER -> number(node);
            case BOOLEAN -> node.booleanValue();
            default -> null;
        };
    }

    private static Object number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        return node.doubleValue();
    }

    private JsonFields() {}
}
