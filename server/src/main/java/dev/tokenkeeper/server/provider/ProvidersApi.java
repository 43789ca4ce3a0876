package dev.tokenkeeper.server.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.provider.InvalidProviderConfigException;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.ProviderConfigJson;
import dev.tokenkeeper.postgres.provider.PostgresProviderDirectory;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.Json;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/providers}: the registered provider configs, read without their client secrets, and created or
 * replaced with validation errors that name the field.
 */
public final class ProvidersApi implements HttpService {
    private static final Logger LOG = LoggerFactory.getLogger(ProvidersApi.class);
    private final PostgresProviderDirectory directory;

    public ProvidersApi(PostgresProviderDirectory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/{key}", this::show)
                .put("/{key}", this::put);
    }

    private void list(ServerRequest request, ServerResponse response) {
        ObjectNode body = Json.object();
        ArrayNode providers = body.putArray("providers");
        directory.list().forEach(config -> providers.add(ProviderConfigJson.write(config)));
        Json.send(response, 200, body);
    }

    private void show(ServerRequest request, ServerResponse response) {
        String key = key(request);
        ProviderConfig config = directory.find(key).orElseThrow(() -> ApiProblem.notFound("provider", key));
        Json.send(response, 200, ProviderConfigJson.write(config));
    }

    private void put(ServerRequest request, ServerResponse response) {
        String key = key(request);
        ObjectNode body = Json.readObject(request);
        JsonNode bodyKey = body.get("key");
        if (bodyKey != null && !bodyKey.isNull() && !(bodyKey.isTextual() && bodyKey.textValue().equals(key))) {
            throw ApiProblem.invalidField("key", "must equal the key in the path ('" + key + "') or be left out");
        }
        body.put("key", key);
        Optional<ProviderConfig> existing = directory.find(key);
        keepStoredSecret(body, existing);
        ProviderConfig config;
        try {
            config = ProviderConfigJson.read(body);
        } catch (InvalidProviderConfigException e) {
            throw ApiProblem.invalidField(e.field(), problemOf(e));
        }
        boolean created = directory.save(config);
        LOG.info("provider={} event={}", key, created ? "created" : "replaced");
        Json.send(response, created ? 201 : 200, ProviderConfigJson.write(config));
    }

    /**
     * A replacement without {@code client_secret} for the same client id keeps the stored secret: secrets are
     * write-only, so a caller who read the config cannot send it back.
     */
    private static void keepStoredSecret(ObjectNode body, Optional<ProviderConfig> existing) {
        body.remove("client_secret_set");
        if (body.hasNonNull("client_secret") || existing.isEmpty() || existing.get().clientSecret() == null) {
            return;
        }
        JsonNode clientId = body.get("client_id");
        if (clientId != null && clientId.isTextual() && clientId.textValue().equals(existing.get().clientId())) {
            body.put("client_secret", existing.get().clientSecret().reveal());
        }
    }

    private static String problemOf(InvalidProviderConfigException e) {
        String message = e.getMessage();
        String prefix = e.field() + ": ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static String key(ServerRequest request) {
        return request.path().pathParameters().get("key");
    }
}
