package dev.tokenkeeper.server.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Refuses the NUL character and unpaired surrogates anywhere in a JSON request (and, through {@link #isStorable}, in
 * query parameters that reach the database): JSON can escape them, but they are not
 * text that can be stored (PostgreSQL refuses NUL; a lone surrogate would be stored as '?').
 */
public final class StorableText {
    private StorableText() {}

    /** Throws {@code invalid_field} naming the first string or member name that cannot be stored. */
    public static void refuseUnstorable(JsonNode root) {
        refuseUnstorable(root, "");
    }

    private static void refuseUnstorable(JsonNode node, String path) {
        if (node.isTextual() && !isStorable(node.textValue())) {
            throw ApiProblem.invalidField(path, "must not hold the NUL character or an unpaired surrogate");
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseUnstorable(node.get(i), path + "[" + i + "]");
            }
        }
        for (var member : node.properties()) {
            String name = member.getKey();
            String field = path.isEmpty() ? name : path + "." + name;
            if (!isStorable(name)) {
                throw ApiProblem.invalidField(path.isEmpty() ? "(member name)" : path,
                        "must not have a member name with the NUL character or an unpaired surrogate");
            }
            refuseUnstorable(member.getValue(), field);
        }
    }

    /** False for text holding the NUL character or an unpaired surrogate, which the database cannot store. */
    public static boolean isStorable(String text) {
        return dev.tokenkeeper.core.connection.StorableText.unstorable(text) == 0;
    }
}
