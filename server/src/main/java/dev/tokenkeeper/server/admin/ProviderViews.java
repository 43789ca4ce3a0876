package dev.tokenkeeper.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.health.ProviderHealth;
import dev.tokenkeeper.core.provider.ProviderCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the provider pages show, as plain text the templates escape; built from the API's own values. */
public final class ProviderViews {
    private ProviderViews() {}

    /**
     * {@code GET /admin/providers}: the configured providers (misconfigured first) and the built-in catalog, with
     * {@code error} on top when not empty.
     */
    public record ListPage(String csrfToken, List<Row> configured, List<CatalogRow> catalog, String error) {
        public ListPage {
            Objects.requireNonNull(csrfToken, "csrfToken");
            configured = List.copyOf(configured);
            catalog = List.copyOf(catalog);
        }
    }

    /** One configured provider and its health. */
    public record Row(String key, boolean catalog, Health health) {}

    /** One provider of the built-in catalog, and whether it is configured. */
    public record CatalogRow(String key, String displayName, String docsUrl, boolean configured) {}

    /**
     * A provider's health as {@code GET /v1/providers/{key}} has it, with the cause's meaning, fix and the catalog's
     * hint (all empty while ok).
     */
    public record Health(String state, String cause, String summary, String fix, String hint, String since,
            int affectedConnections) {
        /** Whether the provider is misconfigured. */
        public boolean misconfigured() {
            return !cause.isEmpty();
        }
    }

    /**
     * {@code GET /admin/providers/{key}}: the provider's non-secret fields, its health, and the client credentials
     * form ({@code clientId} as shown in the form; field errors next to their field, any other error on top).
     */
    public record DetailPage(String csrfToken, String key, String displayName, boolean configured, boolean catalog,
            List<ConnectionViews.Entry> fields, boolean clientSecretSet, Health health, String clientId,
            String clientIdError, String clientSecretError, String error, String notice) {
        public DetailPage {
            Objects.requireNonNull(csrfToken, "csrfToken");
            fields = List.copyOf(fields);
        }
    }

    static Health health(String key, ProviderHealth health, ProviderCatalog catalog) {
        if (health.cause() == null) {
            return new Health(health.state().wireName(), "", "", "", "", "", 0);
        }
        return new Health(health.state().wireName(), health.cause().code(), health.cause().summary(),
                health.cause().fix(key), catalog.hint(key, health.cause()).orElse(""),
                String.valueOf(health.since()), health.affectedConnections());
    }

    /**
     * The fields of a provider config's JSON (as {@code GET /v1/providers/{key}} has it) a support engineer needs; the
     * client secret is never among them.
     */
    static List<ConnectionViews.Entry> fields(JsonNode config) {
        List<ConnectionViews.Entry> fields = new ArrayList<>();
        for (String name : List.of("token_url", "authorization_url", "api_base_url", "client_id", "client_auth")) {
            fields.add(new ConnectionViews.Entry(name, config.path(name).asText("")));
        }
        List<String> scopes = new ArrayList<>();
        config.path("scopes").forEach(scope -> scopes.add(scope.asText()));
        fields.add(new ConnectionViews.Entry("scopes", String.join(" ", scopes)));
        return fields;
    }
}
