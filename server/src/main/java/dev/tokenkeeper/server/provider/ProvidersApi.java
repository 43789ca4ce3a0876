package dev.tokenkeeper.server.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.health.ProviderHealth;
import dev.tokenkeeper.core.health.ProviderHealthWatch;
import dev.tokenkeeper.core.provider.CatalogEntry;
import dev.tokenkeeper.core.provider.InvalidProviderConfigException;
import dev.tokenkeeper.core.provider.ProviderCatalog;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.ProviderConfigJson;
import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.postgres.provider.PostgresProviderDirectory;
import dev.tokenkeeper.postgres.provider.ProviderDeletion;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.Json;
import dev.tokenkeeper.server.http.QueryParams;
import dev.tokenkeeper.server.http.StorableText;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/providers}: the registered provider configs, read without their client secrets, created or replaced with
 * validation errors that name the field, and deleted once no connection uses them. A key of the built-in catalog needs only the user's client
 * credentials (the catalog supplies the rest); any other key needs the whole config.
 */
public final class ProvidersApi implements HttpService {
    private static final Logger LOG = LoggerFactory.getLogger(ProvidersApi.class);
    private final PostgresProviderDirectory directory;
    private final ProviderCatalog catalog;
    private final ProviderUrlPolicy urlPolicy;
    private final ProviderHealthWatch health;

    /**
     * @param urlPolicy which provider URLs may be configured (the catalog's and custom ones alike)
     * @param health    each provider's health, shown with its config; a changed config re-verifies its misconfigured
     *                  connections
     */
    public ProvidersApi(PostgresProviderDirectory directory, ProviderCatalog catalog, ProviderUrlPolicy urlPolicy,
            ProviderHealthWatch health) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.urlPolicy = Objects.requireNonNull(urlPolicy, "urlPolicy");
        this.health = Objects.requireNonNull(health, "health");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", QueryParams.none(this::list))
                .get("/{key}", QueryParams.none(this::show))
                .put("/{key}", QueryParams.none(this::put))
                .delete("/{key}", QueryParams.none(this::delete));
    }

    private void list(ServerRequest request, ServerResponse response) {
        ObjectNode body = Json.object();
        ArrayNode providers = body.putArray("providers");
        java.util.Set<String> configured = new java.util.HashSet<>();
        directory.list().forEach(config -> {
            configured.add(config.key());
            providers.add(configuredJson(config));
        });
        ArrayNode entries = body.putArray("catalog");
        for (CatalogEntry entry : catalog.entries()) {
            ObjectNode item = entries.addObject();
            item.put("key", entry.key());
            item.put("display_name", entry.displayName());
            item.put("docs_url", entry.docsUrl().toString());
            item.put("configured", configured.contains(entry.key()));
        }
        Json.send(response, 200, body);
    }

    private void show(ServerRequest request, ServerResponse response) {
        String key = key(request);
        if (!ProviderConfig.isValidKey(key)) {
            throw notFound(key);
        }
        Optional<ProviderConfig> config = directory.find(key);
        if (config.isPresent()) {
            Json.send(response, 200, configuredJson(config.get()));
            return;
        }
        CatalogEntry entry = catalog.find(key).orElseThrow(() -> notFound(key));
        ObjectNode template = entry.toJson();
        template.put("configured", false);
        template.put("catalog", true);
        template.put("display_name", entry.displayName());
        template.set("health", healthJson(health.health(key)));
        Json.send(response, 200, template);
    }

    private void put(ServerRequest request, ServerResponse response) {
        String key = key(request);
        if (!ProviderConfig.isValidKey(key)) {
            throw ApiProblem.invalidField("key", ProviderProblems.KEY_RULE);
        }
        Configured configured = configure(key, Json.readObject(request));
        ObjectNode answer = configuredJson(configured.config());
        answer.put("reverifying_connections", configured.reverifying());
        Json.send(response, configured.created() ? 201 : 200, answer);
    }

    /**
     * Creates or replaces the provider's config from {@code body} (API.md's provider config; for a key of the catalog,
     * the fields that override its template) as {@code PUT /v1/providers/{key}} does, the one way to change a
     * provider: validated, saved, and, when it changed, its misconfigured connections re-verified. The console's
     * credentials form comes here too.
     *
     * @throws ApiProblem {@code invalid_field} naming the field at fault; nothing is saved then
     */
    public Configured configure(String key, ObjectNode body) {
        if (!ProviderConfig.isValidKey(key)) {
            throw ApiProblem.invalidField("key", ProviderProblems.KEY_RULE);
        }
        StorableText.refuseUnstorable(body);
        JsonNode bodyKey = body.get("key");
        if (bodyKey != null && !bodyKey.isNull() && !(bodyKey.isTextual() && bodyKey.textValue().equals(key))) {
            throw ApiProblem.invalidField("key", "must equal the key in the path ('" + key + "') or be left out");
        }
        body.put("key", key);
        Optional<ProviderConfig> existing = directory.find(key);
        keepStoredSecret(body, existing);
        ProviderConfig config;
        try {
            config = catalog.find(key).isPresent() ? catalog.configure(key, body) : ProviderConfigJson.read(body);
            urlPolicy.check(config);
        } catch (InvalidProviderConfigException e) {
            throw ApiProblem.invalidField(e.field(), problemOf(e));
        }
        boolean created = directory.save(config);
        LOG.info("provider={} event={}", key, created ? "created" : "replaced");
        // Only a real change re-verifies: the same config sent again would fail the same way.
        boolean changed = existing.map(stored -> !stored.equals(config)).orElse(true);
        int reverifying = changed ? health.reverify(key, config.clientCredentials()) : 0;
        return new Configured(config, created, reverifying);
    }

    /** What {@link #configure} saved: the config, whether it is new, and how many connections are re-verified. */
    public record Configured(ProviderConfig config, boolean created, int reverifying) {}

    /** Every stored provider config, as {@code GET /v1/providers} lists them. */
    public List<ProviderConfig> configured() {
        return directory.list();
    }

    /** The stored config of {@code key}, as {@code GET /v1/providers/{key}} reads it. */
    public Optional<ProviderConfig> find(String key) {
        return directory.find(key);
    }

    /** The built-in catalog the API offers. */
    public ProviderCatalog catalog() {
        return catalog;
    }

    /** The provider's health, as the API shows it with its config. */
    public ProviderHealth health(String key) {
        return health.health(key);
    }

    /**
     * Deletes a stored config (a custom provider's, or a catalog provider's client credentials and overrides, which
     * leaves the catalog template); refused while connections use it, as the database decides.
     */
    private void delete(ServerRequest request, ServerResponse response) {
        String key = key(request);
        if (!ProviderConfig.isValidKey(key)) {
            throw notFound(key);
        }
        switch (directory.delete(key)) {
            case ProviderDeletion.Deleted deleted -> {
                LOG.info("provider={} event=deleted", key);
                ObjectNode body = deleted.config();
                body.put("configured", false);
                body.put("catalog", catalog.find(key).isPresent());
                body.put("deleted", true);
                Json.send(response, 200, body);
            }
            case ProviderDeletion.InUse inUse -> throw ApiProblem.of(409, "provider_in_use", "Provider in use",
                    "the provider '" + key + "' is used by " + inUse.connections() + " connection"
                            + (inUse.connections() == 1 ? "" : "s") + "; delete " + (inUse.connections() == 1 ? "it"
                            : "them") + " first (GET /v1/connections?provider=" + key + " lists them)")
                    .with("connections", inUse.connections());
            case ProviderDeletion.NotFound ignored -> throw catalog.find(key).isPresent()
                    ? ApiProblem.of(404, "not_found", "Not found", "the catalog provider '" + key + "' is not"
                            + " configured, so there is nothing to delete")
                    : notFound(key);
        }
    }

    /** 404 for a key no stored config has; one of the wrong form is not quoted back, its rule is stated. */
    private static ApiProblem notFound(String key) {
        return ProviderConfig.isValidKey(key) ? ApiProblem.notFound("provider", key)
                : ApiProblem.of(404, "not_found", "Not found", "no provider has that key: a provider key is 1-63"
                        + " characters of a-z, 0-9, '_' or '-', starting with a letter or digit");
    }

    private ObjectNode configuredJson(ProviderConfig config) {
        ObjectNode node = ProviderConfigJson.write(config);
        node.put("configured", true);
        node.put("catalog", catalog.find(config.key()).isPresent());
        node.set("health", healthJson(health.health(config.key())));
        return node;
    }

    /** {@code {"state","cause","since","affected_connections"}}, as API.md's "Diagnosis and causes" names them. */
    private static ObjectNode healthJson(ProviderHealth health) {
        ObjectNode node = Json.object();
        node.put("state", health.state().wireName());
        node.put("cause", health.cause() == null ? null : health.cause().code());
        node.put("since", health.since() == null ? null : health.since().toString());
        node.put("affected_connections", health.affectedConnections());
        return node;
    }

    /**
     * A replacement without {@code client_secret} for the same client id keeps the stored secret: secrets are
     * write-only, so a caller who read the config cannot send it back.
     */
    private static void keepStoredSecret(ObjectNode body, Optional<ProviderConfig> existing) {
        // What GET adds is accepted back, so a config read can be edited and sent again.
        body.remove(java.util.List.of("client_secret_set", "configured", "catalog", "display_name", "health",
                "reverifying_connections"));
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
