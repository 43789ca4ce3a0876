package dev.tokenkeeper.core.token;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the token, type, scope and extra fields of a token response; {@link TokenResponseParser} states the rules. */
final class TokenFields {
    static final String ACCESS_TOKEN = "access_token";
    static final String REFRESH_TOKEN = "refresh_token";

    private static final Pattern SCOPE_SEPARATORS = Pattern.compile("[\\s,]+");

    /** A non-blank string without control characters (which could split an HTTP header), stripped; else null. */
    static Secret credential(Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            return null;
        }
        String stripped = text.strip();
        return stripped.chars().anyMatch(Character::isISOControl) ? null : Secret.of(stripped);
    }

    /** The refresh token, or null when absent or blank; a value of another kind is noted and ignored. */
    static Secret refreshToken(Map<String, Object> fields, List<String> notes) {
        Object value = fields.get(REFRESH_TOKEN);
        Secret token = credential(value);
        if (token == null && value != null && !(value instanceof String text && text.isBlank())) {
            notes.add("refresh_token_invalid");
        }
        return token;
    }

    /** The token type as sent (TokenSet normalizes bearer), or null; a value of another kind is noted and ignored. */
    static String tokenType(Map<String, Object> fields, List<String> notes) {
        Object value = fields.get("token_type");
        if (value instanceof String text && text.chars().noneMatch(Character::isISOControl)) {
            return text.strip();
        }
        if (value != null) {
            notes.add("token_type_invalid");
        }
        return null;
    }

    /** Scopes from a space- or comma-separated string or an array of strings, deduplicated in order. */
    static List<String> scopes(Map<String, Object> fields, List<String> notes) {
        Object value = fields.get("scope");
        List<?> parts = switch (value) {
            case null -> List.of();
            case String text -> List.of(text);
            case List<?> items -> items;
            default -> List.of(value);
        };
        Set<String> scopes = new LinkedHashSet<>();
        for (Object part : parts) {
            if (part instanceof String text) {
                SCOPE_SEPARATORS.splitAsStream(text).filter(scope -> !scope.isEmpty()).forEach(scopes::add);
            } else if (!notes.contains("scope_invalid")) {
                notes.add("scope_invalid");
            }
        }
        return new ArrayList<>(scopes);
    }

    /** Every field but the two tokens; a null field counts as absent. */
    static Map<String, Object> raw(Map<String, Object> fields) {
        Map<String, Object> raw = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (value != null && !name.equals(ACCESS_TOKEN) && !name.equals(REFRESH_TOKEN)) {
                raw.put(name, value);
            }
        });
        return raw;
    }

    private TokenFields() {}
}
