package dev.tokenkeeper.server.ops;

import dev.tokenkeeper.server.http.QueryParams;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /v1/openapi.yaml}: the OpenAPI document of the whole HTTP API, as shipped in the JAR. */
public final class OpenApiDocument implements HttpService {
    /** The classpath resource holding the document. */
    public static final String RESOURCE = "/dev/tokenkeeper/server/openapi.yaml";
    public static final String PATH = "/v1/openapi.yaml";
    public static final String MEDIA_TYPE = "application/yaml";
    private final byte[] document = read();

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, QueryParams.none(this::send));
    }

    /** The document's bytes, as served. */
    public byte[] bytes() {
        return document.clone();
    }

    private void send(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
        response.send(document);
    }

    private static byte[] read() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document could not be read", e);
        }
    }
}
