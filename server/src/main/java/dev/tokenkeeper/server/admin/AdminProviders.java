package dev.tokenkeeper.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.provider.CatalogEntry;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.ProviderConfigJson;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.QueryParams;
import dev.tokenkeeper.server.provider.ProvidersApi;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The console's provider pages, read and changed through {@link ProvidersApi}: {@code GET /admin/providers} (the
 * configured providers, misconfigured first, with their health, and the built-in catalog), {@code GET
 * /admin/providers/{key}} (the non-secret config, health with cause and fix, the client credentials form) and
 * {@code POST /admin/providers/{key}/credentials} (the form, through {@link ProvidersApi#configure} as {@code PUT
 * /v1/providers/{key}}: field errors shown next to their field, a change re-verifies misconfigured connections).
 */
public final class AdminProviders implements HttpService {
    public static final String PATH = "/admin/providers";
    static final String CLIENT_ID = "client_id";
    static final String CLIENT_SECRET = "client_secret";

    private final ProvidersApi providers;
    private final Pages pages;

    public AdminProviders(ProvidersApi providers, Pages pages) {
        this.providers = Objects.requireNonNull(providers, "providers");
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, QueryParams.none(this::list))
                .get(PATH + "/{key}", QueryParams.none(this::show))
                .post(PATH + "/{key}/credentials", QueryParams.none(this::credentials));
    }

    private void list(ServerRequest request, ServerResponse response) {
        String csrf = AdminConsole.signedIn(request).csrfToken();
        Pages.send(response, Status.OK_200, pages.providers(listPage(csrf, "")));
    }

    private ProviderViews.ListPage listPage(String csrf, String error) {
        List<ProviderViews.Row> rows = new ArrayList<>();
        Set<String> configured = new HashSet<>();
        for (ProviderConfig config : providers.configured()) {
            configured.add(config.key());
            rows.add(new ProviderViews.Row(config.key(), providers.catalog().find(config.key()).isPresent(),
                    ProviderViews.health(config.key(), providers.health(config.key()), providers.catalog())));
        }
        rows.sort(Comparator.comparing((ProviderViews.Row row) -> !row.health().misconfigured())
                .thenComparing(ProviderViews.Row::key));
        List<ProviderViews.CatalogRow> catalog = providers.catalog().entries().stream()
                .map(entry -> new ProviderViews.CatalogRow(entry.key(), entry.displayName(),
                        entry.docsUrl().toString(), configured.contains(entry.key())))
                .toList();
        return new ProviderViews.ListPage(csrf, rows, catalog, error);
    }

    private void show(ServerRequest request, ServerResponse response) {
        String csrf = AdminConsole.signedIn(request).csrfToken();
        String key = request.path().pathParameters().get("key");
        Optional<ProviderViews.DetailPage> page = page(csrf, key, Form.EMPTY, "");
        if (page.isEmpty()) {
            sendMissing(response, csrf);
            return;
        }
        Pages.send(response, Status.OK_200, pages.provider(page.get()));
    }

    private void credentials(ServerRequest request, ServerResponse response) {
        Optional<Map<String, String>> form = AdminConsole.checkedForm(request, response, pages);
        if (form.isEmpty()) {
            return;
        }
        AdminSessions.Session session = AdminConsole.signedIn(request);
        String csrf = session.csrfToken();
        String key = request.path().pathParameters().get("key");
        Optional<ObjectNode> body = body(key, form.get());
        if (body.isEmpty()) {
            sendMissing(response, csrf);
            return;
        }
        String clientId = form.get().getOrDefault(CLIENT_ID, "");
        ProvidersApi.Configured configured;
        try {
            configured = providers.configure(key, body.get());
        } catch (ApiProblem problem) {
            Pages.send(response, Status.create(problem.status()), pages.provider(
                    page(csrf, key, Form.refused(clientId, problem), "").orElseThrow()));
            return;
        }
        String notice = "Saved the client credentials of " + key + (configured.reverifying() == 0 ? "."
                : "; re-verifying " + configured.reverifying() + " misconfigured connection"
                        + (configured.reverifying() == 1 ? "" : "s") + ".");
        Pages.send(response, Status.OK_200, pages.provider(page(csrf, key, Form.EMPTY, notice).orElseThrow()));
    }

    /**
     * What the form sends to {@link ProvidersApi#configure}: for a stored config, that config with the form's client
     * id and (when given) client secret; for a catalog key never configured, the two fields alone. Empty for a key no
     * provider has.
     */
    private Optional<ObjectNode> body(String key, Map<String, String> form) {
        if (!ProviderConfig.isValidKey(key)) {
            return Optional.empty();
        }
        Optional<ProviderConfig> stored = providers.find(key);
        if (stored.isEmpty() && providers.catalog().find(key).isEmpty()) {
            return Optional.empty();
        }
        ObjectNode body = stored.map(ProviderConfigJson::write).orElseGet(JsonNodeFactory.instance::objectNode);
        body.put(CLIENT_ID, form.getOrDefault(CLIENT_ID, "").strip());
        String secret = form.getOrDefault(CLIENT_SECRET, "");
        if (!secret.isEmpty()) { // left empty: the stored secret is kept, as the API keeps it for the same client id
            body.put(CLIENT_SECRET, secret);
        }
        return Optional.of(body);
    }

    /** The provider's page as it is now, with the form as given; empty for a key no provider has. */
    private Optional<ProviderViews.DetailPage> page(String csrf, String key, Form form, String notice) {
        if (!ProviderConfig.isValidKey(key)) {
            return Optional.empty();
        }
        Optional<ProviderConfig> stored = providers.find(key);
        Optional<CatalogEntry> entry = providers.catalog().find(key);
        if (stored.isEmpty() && entry.isEmpty()) {
            return Optional.empty();
        }
        JsonNode json = stored.<JsonNode>map(ProviderConfigJson::write).orElseGet(() -> entry.get().toJson());
        String clientId = form.clientId() != null ? form.clientId() : stored.map(ProviderConfig::clientId).orElse("");
        return Optional.of(new ProviderViews.DetailPage(csrf, key, entry.map(CatalogEntry::displayName).orElse(key),
                stored.isPresent(), entry.isPresent(), ProviderViews.fields(json),
                stored.map(config -> config.clientSecret() != null).orElse(false),
                ProviderViews.health(key, providers.health(key), providers.catalog()), clientId,
                form.clientIdError(), form.clientSecretError(), form.error(), notice));
    }

    private void sendMissing(ServerResponse response, String csrf) {
        Pages.send(response, Status.NOT_FOUND_404, pages.providers(listPage(csrf,
                "No provider has this key: neither a configured one nor one of the catalog.")));
    }

    /** The form as sent back: the typed client id (null: the stored one) and the errors, each next to its field. */
    private record Form(String clientId, String clientIdError, String clientSecretError, String error) {
        static final Form EMPTY = new Form(null, "", "", "");

        static Form refused(String clientId, ApiProblem problem) {
            Object field = problem.extensions().get("field");
            String detail = problem.detail();
            if (CLIENT_ID.equals(field)) {
                return new Form(clientId, detail, "", "");
            }
            if (CLIENT_SECRET.equals(field)) {
                return new Form(clientId, "", detail, "");
            }
            return new Form(clientId, "", "", detail);
        }
    }
}
