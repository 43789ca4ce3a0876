package dev.tokenkeeper.core.refresh;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the provider error shapes found in JSON bodies (OAuth, Slack, Google, Microsoft, Facebook). */
final class JsonErrorShapes {

    private JsonErrorShapes() {}

    static ProviderError read(JsonNode body) {
        JsonNode error = body.path("error");
        if (error.isObject()) {
            return nested(body, error);
        }
        String description = firstText(body, "error_description", "message", "error_message", "detail");
        if (description == null) {
            description = text(body.path("errors").path(0).path("message"));
        }
        return new ProviderError(text(error), description, microsoftSubcode(body, description));
    }

    // Google APIs: {"error": {"code", "message", "status", "errors": [{"reason"}]}}; Facebook: {"error": {"type"…}}.
    private static ProviderError nested(JsonNode body, JsonNode error) {
        String reason = text(error.path("errors").path(0).path("reason"));
        String code = firstText(error, "status", "type");
        String description = firstText(error, "message", "error_description");
        if (description == null) {
            description = firstText(body, "error_description", "message");
        }
        String subcode = reason != null ? reason : text(error.path("error_subcode"));
        return new ProviderError(code != null ? code : reason, description, subcode);
    }

    private static String microsoftSubcode(JsonNode body, String description) {
        String fromDescription = ProviderError.aadstsIn(description);
        if (fromDescription != null) {
            return fromDescription;
        }
        JsonNode first = body.path("error_codes").path(0);
        return first.isIntegralNumber() && first.canConvertToLong() ? "AADSTS" + first.longValue() : null;
    }

    private static String firstText(JsonNode node, String... names) {
        for (String name : names) {
            String value = text(node.path(name));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node.isTextual() || node.isNumber() ? node.asText() : null;
    }
}
