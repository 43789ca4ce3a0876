package dev.tokenkeeper.client.provider;

import java.util.List;

/** The stored provider configs and every provider of the built-in catalog. */
public record ProviderList(List<ProviderConfig> providers, List<CatalogItem> catalog) {
    public ProviderList {
        providers = providers == null ? List.of() : List.copyOf(providers);
        catalog = catalog == null ? List.of() : List.copyOf(catalog);
    }
}
