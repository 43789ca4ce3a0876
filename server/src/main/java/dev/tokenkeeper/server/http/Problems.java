package dev.tokenkeeper.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/** Writes problems as {@code application/problem+json} documents (RFC 9457). */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";
    /** The base of every problem's {@code type} URI; the code follows it. */
    public static final String TYPE_BASE = "https://tokenkeeper.dev/problems/";
    /** Says whether an error came from the provider ({@code true}) or from Tokenkeeper ({@code false}). */
    public static final String REMOTE_ERROR_HEADER = "Tokenkeeper-Remote-Error";

    private Problems() {}

    /** The problem as a JSON document. */
    public static ObjectNode document(ApiProblem problem) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("type", TYPE_BASE + problem.code());
        node.put("title", problem.title());
        node.put("status", problem.status());
        node.put("detail", problem.detail());
        node.put("code", problem.code());
        for (Map.Entry<String, Object> member : problem.extensions().entrySet()) {
            node.set(member.getKey(), Json.MAPPER.valueToTree(member.getValue()));
        }
        return node;
    }

    /** Sends the problem, unless a response was already sent. */
    public static void send(ServerResponse response, ApiProblem problem) {
        if (response.isSent()) {
            return;
        }
        response.status(problem.status());
        response.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.header(REMOTE_ERROR_HEADER, "false");
        response.send(Json.bytes(document(problem)));
    }
}
