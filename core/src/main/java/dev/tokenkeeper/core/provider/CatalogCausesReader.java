package dev.tokenkeeper.core.provider;

import static dev.tokenkeeper.core.provider.CatalogReader.broken;
import static dev.tokenkeeper.core.provider.CatalogReader.onlyFields;
import static dev.tokenkeeper.core.provider.CatalogReader.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.refresh.FailureClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a catalog entry's {@code known_causes}, {@code examples} and {@code refresh_example}; every problem names the
 * entry and the item.
 */
final class CatalogCausesReader {
    private static final Set<String> KNOWN_CAUSE_FIELDS = Set.of("cause", "hint");
    private static final Set<String> EXAMPLE_FIELDS = Set.of("status", "content_type", "body", "class", "cause");
    private static final Set<String> REFRESH_EXAMPLE_FIELDS = Set.of("content_type", "body", "lifetime_seconds");

    private CatalogCausesReader() {}

    /** The entry's known causes, each cause once; none when the field is absent. */
    static List<KnownCause> knownCauses(JsonNode list, String where) {
        List<KnownCause> known = new ArrayList<>();
        Set<Cause> seen = new HashSet<>();
        for (JsonNode item : items(list, "known_causes", where)) {
            String at = where + " known_causes[" + known.size() + "]";
            onlyFields(item, KNOWN_CAUSE_FIELDS, at);
            Cause cause = cause(item, at);
            if (!seen.add(cause)) {
                throw broken(at, "names the cause " + cause.code() + " a second time");
            }
            known.add(new KnownCause(cause, text(item, "hint", at)));
        }
        return known;
    }

    /** The entry's documented error answers; each one's cause must be among the entry's known causes. */
    static List<ErrorExample> examples(JsonNode list, List<KnownCause> knownCauses, String where) {
        List<ErrorExample> examples = new ArrayList<>();
        for (JsonNode item : items(list, "examples", where)) {
            String at = where + " examples[" + examples.size() + "]";
            onlyFields(item, EXAMPLE_FIELDS, at);
            Cause cause = cause(item, at);
            if (knownCauses.stream().noneMatch(known -> known.cause() == cause)) {
                throw broken(at, "cause " + cause.code() + " is not among the entry's known_causes");
            }
            examples.add(new ErrorExample(status(item, at), contentType(item, at), body(item, at),
                    failureClass(item, at), cause));
        }
        return examples;
    }

    /** The entry's documented successful refresh answer. */
    static RefreshExample refreshExample(JsonNode item, String where) {
        String at = where + " refresh_example";
        if (item == null || !item.isObject()) {
            throw broken(where, "refresh_example must be a mapping: a documented answer to a refresh request");
        }
        onlyFields(item, REFRESH_EXAMPLE_FIELDS, at);
        JsonNode lifetime = item.get("lifetime_seconds");
        if (lifetime == null || !(lifetime.isNull() || lifetime.canConvertToLong() && lifetime.longValue() > 0)) {
            throw broken(at, "lifetime_seconds must be a positive number of seconds, or null when the answer states"
                    + " no lifetime");
        }
        return new RefreshExample(contentType(item, at), body(item, at),
                lifetime.isNull() ? null : Duration.ofSeconds(lifetime.longValue()));
    }

    /** A documented answer's body, as written. */
    private static String body(JsonNode item, String where) {
        JsonNode body = item.get("body");
        if (body == null || !body.isTextual()) {
            throw broken(where, "body must be a string");
        }
        return body.textValue();
    }

    /** A documented answer's Content-Type, or null for the default. */
    private static String contentType(JsonNode item, String where) {
        JsonNode contentType = item.get("content_type");
        if (contentType != null && !contentType.isTextual()) {
            throw broken(where, "content_type must be a string");
        }
        return contentType == null ? null : contentType.textValue();
    }

    private static List<JsonNode> items(JsonNode list, String field, String where) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw broken(where, field + " must be a list");
        }
        List<JsonNode> items = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isObject()) {
                throw broken(where, field + "[" + items.size() + "] is not a mapping");
            }
            items.add(item);
        }
        return items;
    }

    private static Cause cause(JsonNode item, String where) {
        String code = text(item, "cause", where);
        return Cause.fromCode(code).orElseThrow(() -> broken(where, "cause " + code
                + " is not a code of Tokenkeeper's catalogue of causes"));
    }

    private static FailureClass failureClass(JsonNode item, String where) {
        String name = text(item, "class", where);
        return FailureClass.fromWireName(name).orElseThrow(() -> broken(where, "class " + name
                + " is not one of retryable, needs_reauth, misconfigured"));
    }

    private static int status(JsonNode item, String where) {
        JsonNode status = item.get("status");
        if (status == null || !status.isInt() || status.intValue() < 100 || status.intValue() > 599) {
            throw broken(where, "status must be an HTTP status (100-599)");
        }
        return status.intValue();
    }
}
