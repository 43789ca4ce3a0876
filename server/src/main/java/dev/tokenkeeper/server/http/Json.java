package dev.tokenkeeper.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads bounded JSON request bodies and writes JSON responses. */
public final class Json {
    /** The largest JSON request body accepted, in bytes. */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    public static final String MEDIA_TYPE = "application/json";
    /** A JSON merge patch (RFC 7396). */
    public static final String MERGE_PATCH_MEDIA_TYPE = "application/merge-patch+json";
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(64 * 1024)
                    .build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // A repeated key would let two readers of one body see two different requests.
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {}

    /** A new empty JSON object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The shared mapper, configured for bounded, strict reading. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The request's body as a JSON object.
     *
     * @throws ApiProblem 415 when it is not declared as JSON, 413 when larger than {@link #MAX_BODY_BYTES}, 400 when
     *                    empty, malformed or not an object
     */
    public static ObjectNode readObject(ServerRequest request) {
        if (!isJson(request.headers().first(HeaderNames.CONTENT_TYPE).orElse(""))) {
            throw ApiProblem.of(415, "unsupported_media_type", "Unsupported media type",
                    "the body must be sent as Content-Type: application/json");
        }
        return parseObject(request);
    }

    /**
     * The request's body as a JSON merge patch (RFC 7396) of an object: sent as {@value #MERGE_PATCH_MEDIA_TYPE} or as
     * {@code application/json}; otherwise as {@link #readObject(ServerRequest)}.
     */
    public static ObjectNode readMergePatch(ServerRequest request) {
        String contentType = request.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!isJson(contentType) && !isMediaType(contentType, MERGE_PATCH_MEDIA_TYPE)) {
            throw ApiProblem.of(415, "unsupported_media_type", "Unsupported media type",
                    "the body must be sent as Content-Type: " + MERGE_PATCH_MEDIA_TYPE + " or application/json");
        }
        return parseObject(request);
    }

    /**
     * As {@link #readObject(ServerRequest)}, for the one endpoint that carries a payload (a queued action's body):
     * up to {@code maxBytes}, with strings as long as that.
     */
    public static ObjectNode readLargeObject(ServerRequest request, int maxBytes) {
        if (!isJson(request.headers().first(HeaderNames.CONTENT_TYPE).orElse(""))) {
            throw ApiProblem.of(415, "unsupported_media_type", "Unsupported media type",
                    "the body must be sent as Content-Type: application/json");
        }
        ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(maxBytes)
                        .build())
                .build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return parseObject(request, mapper, maxBytes);
    }

    private static ObjectNode parseObject(ServerRequest request) {
        return parseObject(request, MAPPER, MAX_BODY_BYTES);
    }

    private static ObjectNode parseObject(ServerRequest request, ObjectMapper mapper, int maxBytes) {
        byte[] body = readBounded(request, maxBytes);
        if (body.length == 0) {
            throw ApiProblem.of(400, "invalid_json", "Invalid JSON", "the body is empty; a JSON object is expected");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.of(400, "invalid_json", "Invalid JSON", "the body is not valid JSON" + where(e) + ": "
                    + why(e));
        } catch (IOException e) {
            throw ApiProblem.of(400, "invalid_json", "Invalid JSON", "the body could not be read as JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiProblem.of(400, "invalid_json", "Invalid JSON", "the body must be a JSON object");
        }
        StorableText.refuseUnstorable(node);
        return (ObjectNode) node;
    }

    /**
     * The request's body as a JSON object, or an empty object when there is no body at all (whatever its declared
     * type), for endpoints whose options are all optional.
     *
     * @throws ApiProblem as {@link #readObject(ServerRequest)} when there is a body
     */
    public static ObjectNode readOptionalObject(ServerRequest request) {
        boolean empty = request.headers().contentLength().orElse(-1) == 0 || !request.content().hasEntity();
        return empty ? object() : readObject(request);
    }

    /** True for {@code application/json} with any parameters; not for look-alikes such as {@code application/jsonx}. */
    static boolean isJson(String contentType) {
        return isMediaType(contentType, MEDIA_TYPE);
    }

    private static boolean isMediaType(String contentType, String expected) {
        int parameters = contentType.indexOf(';');
        String mediaType = (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip();
        return mediaType.equalsIgnoreCase(expected);
    }

    private static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** Jackson's reason in the caller's words: its messages name Java classes and settings, which are no one's business. */
    private static String why(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "it nests deeper than 64 levels, or holds a string or number that is too long";
        }
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Trailing token")) {
            return "there is more after the JSON object";
        }
        for (String cut : new String[] {"`", "[Source", " (start marker", " (for ", "\n"}) {
            int at = message.indexOf(cut);
            if (at >= 0) {
                message = message.substring(0, at);
            }
        }
        message = message.strip();
        while (message.endsWith(":") || message.endsWith(",")) {
            message = message.substring(0, message.length() - 1).strip();
        }
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }

    /** The request body, refused with 413 once it passes {@code limit} bytes. */
    public static byte[] readBounded(ServerRequest request, int limit) {
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > limit) {
            throw tooLarge(limit);
        }
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        } catch (IOException e) {
            throw unreadableBody();
        }
    }

    /** 413 {@code body_too_large}: the request body passed {@code limit} bytes. */
    public static ApiProblem tooLarge(long limit) {
        return ApiProblem.of(413, "body_too_large", "Body too large", "the body is larger than " + limit + " bytes");
    }

    /** 400 {@code unreadable_body}: the request body broke off or could not be read. */
    public static ApiProblem unreadableBody() {
        return ApiProblem.of(400, "unreadable_body", "Unreadable body", "the request body could not be read");
    }

    /** Sends {@code node} as JSON with {@code status}. */
    public static void send(ServerResponse response, int status, JsonNode node) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(bytes(node));
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
