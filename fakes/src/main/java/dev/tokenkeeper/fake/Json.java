package dev.tokenkeeper.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of the fake provider. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialize", e);
        }
    }

    /** The string {@code error} field of a JSON object body, or null if there is none or it is not JSON. */
    static String errorField(String body) {
        return stringField(body, "error");
    }

    /** The string field {@code name} of a JSON object body, or null if there is none or it is not JSON. */
    static String stringField(String body, String name) {
        try {
            JsonNode field = MAPPER.readTree(body).path(name);
            return field.isTextual() ? field.asText() : null;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }
}
