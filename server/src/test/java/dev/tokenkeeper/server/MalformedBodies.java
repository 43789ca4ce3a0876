package dev.tokenkeeper.server;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Turns a valid JSON request body into one that must be refused, reproducibly from a seed: malformed JSON (truncated,
 * mismatched brackets, 10,000 levels deep, NaN, over-long numbers, invalid UTF-8, a misplaced byte order mark,
 * duplicate keys, raw control characters), a field of the wrong type, an unknown field, no body, a wrong content type,
 * or a body over the size limit.
 */
public final class MalformedBodies {
    /** The largest JSON body the server reads; see {@code Json.MAX_BODY_BYTES}. */
    public static final int LIMIT = 256 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final List<String> WRONG_CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx",
            "application/json-patch+json", "application/javascript", "json", "*/*", "");
    private static final List<byte[]> INVALID_UTF8 = List.of(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xFE},
            new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xE2, 0x28, (byte) 0xA1},
            new byte[] {(byte) 0xF0, 0x28, (byte) 0x8C, 0x28});

    /** What is wrong with a body. */
    public enum Defect {
        TRUNCATED, WRONG_BRACKET, TRAILING_BRACKET, DEEP_NESTING, NON_NUMERIC_NUMBER, OVERLONG_NUMBER, INVALID_UTF8,
        MISPLACED_BOM, DUPLICATE_KEY, RAW_CONTROL_CHARACTER, NOT_AN_OBJECT, WRONG_TYPE, UNKNOWN_FIELD, NO_BODY,
        WRONG_CONTENT_TYPE, TOO_LARGE
    }

    /**
     * A body to send.
     *
     * @param defect      what is wrong with it
     * @param what        a description to print on failure
     * @param contentType the Content-Type to send, or null for none
     * @param bytes       the body
     * @param chunked     whether to send it without a Content-Length
     */
    public record Malformed(Defect defect, String what, String contentType, byte[] bytes, boolean chunked) {
        @Override
        public String toString() {
            String shown = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8);
            return defect + " (" + what + ", " + bytes.length + " bytes" + (chunked ? ", chunked" : "") + ", "
                    + contentType + "): " + shown;
        }
    }

    private final SplittableRandom random;
    private final ObjectNode valid;
    private final Set<String> openObjects;
    private final boolean noBodyAccepted;

    /**
     * @param seed           the case's seed
     * @param valid          a body the endpoint accepts
     * @param openObjects    JSON pointers of objects that accept any member (an unknown field there is no defect)
     * @param noBodyAccepted whether the endpoint accepts a request without a body
     */
    public MalformedBodies(long seed, ObjectNode valid, Set<String> openObjects, boolean noBodyAccepted) {
        this.random = new SplittableRandom(seed);
        this.valid = valid;
        this.openObjects = openObjects;
        this.noBodyAccepted = noBodyAccepted;
    }

    /** One malformed body, its defect drawn at random. */
    public Malformed next() {
        Defect[] defects = Defect.values();
        Defect defect = defects[random.nextInt(defects.length)];
        if (defect == Defect.WRONG_TYPE && fieldPaths().isEmpty()) {
            defect = Defect.UNKNOWN_FIELD;
        }
        return of(defect);
    }

    private Malformed of(Defect defect) {
        String text = valid.toString();
        return switch (defect) {
            case TRUNCATED -> json(defect, "cut", text.substring(0, 1 + random.nextInt(text.length() - 1)));
            case WRONG_BRACKET -> json(defect, "bracket swapped", swapBracket(text));
            case TRAILING_BRACKET -> json(defect, "extra closer", text + pick("}", "]", "{}", " {", ",", "\"x\""));
            case DEEP_NESTING -> deep();
            case NON_NUMERIC_NUMBER -> replaced(defect, pick("NaN", "Infinity", "-Infinity", "+1", "0x1F", "01",
                    ".5", "1.", "1e", "--1", "undefined", "True", "nil"));
            case OVERLONG_NUMBER -> replaced(defect, overlongNumber());
            case INVALID_UTF8 -> invalidUtf8();
            case MISPLACED_BOM -> misplacedBom();
            case DUPLICATE_KEY -> duplicateKey();
            case RAW_CONTROL_CHARACTER -> rawControl();
            case NOT_AN_OBJECT -> json(defect, "top level", pick("[]", "[" + text + "]", "\"text\"", "42", "null",
                    "true", "  ", "\"\"", "[{}]"));
            case WRONG_TYPE -> wrongType();
            case UNKNOWN_FIELD -> unknownField();
            case NO_BODY -> noBodyAccepted
                    ? json(defect, "white space only", pick(" ", "\n", "\t\r\n "))
                    : new Malformed(defect, "empty", pick("application/json", null), new byte[0], false);
            case WRONG_CONTENT_TYPE -> {
                String type = pick(WRONG_CONTENT_TYPES.toArray(String[]::new));
                yield new Malformed(defect, "labelled", type.isEmpty() ? null : type, utf8(text), false);
            }
            case TOO_LARGE -> tooLarge(text);
        };
    }

    private Malformed json(Defect defect, String what, String text) {
        return json(defect, what, utf8(text));
    }

    private Malformed json(Defect defect, String what, byte[] bytes) {
        return new Malformed(defect, what, pick("application/json", "application/json; charset=utf-8",
                "Application/JSON"), bytes, random.nextInt(8) == 0);
    }

    /** The valid body with one field's value replaced by raw JSON text. */
    private Malformed replaced(Defect defect, String rawValue) {
        String marker = "\"__fuzz_marker__\"";
        ObjectNode copy = valid.deepCopy();
        List<JsonPointer> paths = fieldPaths();
        if (paths.isEmpty()) {
            copy.put("value", "__fuzz_marker__");
        } else {
            set(copy, paths.get(random.nextInt(paths.size())), NODES.textNode("__fuzz_marker__"));
        }
        return json(defect, "value " + rawValue.substring(0, Math.min(rawValue.length(), 40)),
                copy.toString().replace(marker, rawValue));
    }

    private String swapBracket(String text) {
        List<Integer> brackets = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            if ("{}[]".indexOf(text.charAt(i)) >= 0 && !insideString(text, i)) {
                brackets.add(i);
            }
        }
        int at = brackets.get(random.nextInt(brackets.size()));
        char swapped = switch (text.charAt(at)) {
            case '{' -> '[';
            case '[' -> '{';
            case '}' -> ']';
            default -> '}';
        };
        return text.substring(0, at) + swapped + text.substring(at + 1);
    }

    private static boolean insideString(String text, int index) {
        boolean inside = false;
        for (int i = 0; i < index; i++) {
            char c = text.charAt(i);
            if (c == '\\' && inside) {
                i++;
            } else if (c == '"') {
                inside = !inside;
            }
        }
        return inside;
    }

    private Malformed deep() {
        int depth = 65 + random.nextInt(10_000);
        boolean arrays = random.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        String nested = open.repeat(depth) + "1" + close.repeat(depth);
        return random.nextBoolean() ? json(Defect.DEEP_NESTING, depth + " levels", nested)
                : replaced(Defect.DEEP_NESTING, nested);
    }

    private String overlongNumber() {
        int digits = 1001 + random.nextInt(5000);
        StringBuilder number = new StringBuilder(random.nextBoolean() ? "-" : "").append(1 + random.nextInt(9));
        for (int i = 1; i < digits; i++) {
            number.append(random.nextInt(10));
        }
        return random.nextBoolean() ? number.toString() : "1e" + number;
    }

    private Malformed invalidUtf8() {
        String marker = "__fuzz_bytes__";
        String text = withMarkerInAString(marker);
        int at = text.indexOf(marker);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(text.substring(0, at) + "a"));
        out.writeBytes(INVALID_UTF8.get(random.nextInt(INVALID_UTF8.size())));
        out.writeBytes(utf8("b" + text.substring(at + marker.length())));
        return json(Defect.INVALID_UTF8, "bad bytes in a string", out.toByteArray());
    }

    /** The valid body as text with one string value (or a new member) replaced by {@code marker}. */
    private String withMarkerInAString(String marker) {
        ObjectNode copy = valid.deepCopy();
        List<JsonPointer> strings = stringPaths(copy);
        if (strings.isEmpty()) {
            copy.put("value", marker);
        } else {
            set(copy, strings.get(random.nextInt(strings.size())), NODES.textNode(marker));
        }
        return copy.toString();
    }

    /** A byte order mark where JSON allows none: after the first byte, or leading a body that is broken anyway. */
    private Malformed misplacedBom() {
        String text = valid.toString();
        if (random.nextBoolean()) {
            return json(Defect.MISPLACED_BOM, "BOM after {", concat(utf8("{"), UTF8_BOM, utf8(text.substring(1))));
        }
        if (random.nextBoolean()) {
            return json(Defect.MISPLACED_BOM, "UTF-16 BOM on UTF-8", concat(new byte[] {(byte) 0xFE, (byte) 0xFF},
                    utf8(text)));
        }
        return json(Defect.MISPLACED_BOM, "BOM and truncated", concat(UTF8_BOM,
                utf8(text.substring(0, text.length() - 1))));
    }

    private Malformed duplicateKey() {
        List<JsonPointer> paths = fieldPaths().stream().filter(path -> !path.getMatchingProperty().isEmpty()
                && !isArrayIndex(path)).toList();
        if (paths.isEmpty()) {
            return json(Defect.DUPLICATE_KEY, "twice", "{\"a\":1,\"a\":1}");
        }
        JsonPointer path = paths.get(random.nextInt(paths.size()));
        String name = path.last().getMatchingProperty();
        JsonNode value = valid.at(path);
        ObjectNode parent = (ObjectNode) valid.at(path.head());
        String member = "\"" + name + "\":" + value;
        String parentText = parent.toString();
        String doubled = "{" + member + "," + parentText.substring(1);
        String text = valid.toString();
        if (path.head().matches()) {
            return json(Defect.DUPLICATE_KEY, name + " twice", doubled);
        }
        return json(Defect.DUPLICATE_KEY, path + " twice", text.replace(parentText, doubled));
    }

    private static boolean isArrayIndex(JsonPointer path) {
        return path.last().mayMatchElement() && path.last().getMatchingProperty().chars().allMatch(Character::isDigit);
    }

    private Malformed rawControl() {
        char control = (char) random.nextInt(0x20);
        String marker = "__fuzz_control__";
        return json(Defect.RAW_CONTROL_CHARACTER, "U+" + Integer.toHexString(control) + " unescaped",
                withMarkerInAString(marker).replace(marker, "a" + control + "b"));
    }

    private Malformed wrongType() {
        List<JsonPointer> paths = fieldPaths();
        JsonPointer path = paths.get(random.nextInt(paths.size()));
        JsonNode original = valid.at(path);
        JsonNode replacement;
        do {
            replacement = anyValue();
        } while (replacement.getNodeType() == original.getNodeType());
        ObjectNode copy = valid.deepCopy();
        set(copy, path, replacement);
        return json(Defect.WRONG_TYPE, path + " as " + replacement.getNodeType(), copy.toString());
    }

    private JsonNode anyValue() {
        return switch (random.nextInt(8)) {
            case 0 -> NODES.textNode(word());
            case 1 -> NODES.numberNode(random.nextInt(-5, 100_000));
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.arrayNode();
            case 4 -> NODES.arrayNode().add(word()).add(random.nextInt(10));
            case 5 -> NODES.objectNode();
            case 6 -> NODES.objectNode().put(word(), word());
            default -> NODES.numberNode(random.nextDouble() * 1000);
        };
    }

    private Malformed unknownField() {
        ObjectNode copy = valid.deepCopy();
        List<ObjectNode> closed = new ArrayList<>();
        collectClosedObjects(copy, JsonPointer.empty(), closed);
        ObjectNode target = closed.get(random.nextInt(closed.size()));
        String name = pick("x_", "unknown_", "Provider", "client-id-") + word();
        target.set(name, anyValue());
        return json(Defect.UNKNOWN_FIELD, name, copy.toString());
    }

    private void collectClosedObjects(JsonNode node, JsonPointer at, List<ObjectNode> closed) {
        if (node instanceof ObjectNode object) {
            if (!openObjects.contains(at.toString())) {
                closed.add(object);
            }
            object.properties().forEach(entry -> collectClosedObjects(entry.getValue(),
                    at.appendProperty(entry.getKey()), closed));
        }
    }

    private Malformed tooLarge(String text) {
        int size = LIMIT + 1 + random.nextInt(3 * LIMIT);
        StringBuilder padded = new StringBuilder(size).append("{\"padding\":\"");
        while (padded.length() < size - text.length()) {
            padded.append("abcdefghijklmnopqrstuvwxyz0123456789");
        }
        padded.append("\",").append(text.substring(1));
        return json(Defect.TOO_LARGE, "padded", padded.toString());
    }

    /** Pointers to every member and array element of the valid body, nested ones included. */
    private List<JsonPointer> fieldPaths() {
        List<JsonPointer> paths = new ArrayList<>();
        collectPaths(valid, JsonPointer.empty(), paths);
        return paths;
    }

    private static void collectPaths(JsonNode node, JsonPointer at, List<JsonPointer> paths) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(entry -> {
                JsonPointer child = at.appendProperty(entry.getKey());
                paths.add(child);
                collectPaths(entry.getValue(), child, paths);
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonPointer child = at.appendIndex(i);
                paths.add(child);
                collectPaths(array.get(i), child, paths);
            }
        }
    }

    private static List<JsonPointer> stringPaths(JsonNode root) {
        List<JsonPointer> all = new ArrayList<>();
        collectPaths(root, JsonPointer.empty(), all);
        return all.stream().filter(path -> root.at(path).isTextual()).toList();
    }

    private static void set(ObjectNode root, JsonPointer path, JsonNode value) {
        JsonNode parent = root.at(path.head());
        String last = path.last().getMatchingProperty();
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }

    private String word() {
        StringBuilder word = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
