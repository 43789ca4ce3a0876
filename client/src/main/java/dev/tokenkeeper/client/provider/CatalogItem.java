package dev.tokenkeeper.client.provider;

import java.net.URI;
import java.util.Objects;

/** One provider of the built-in catalog, and whether a config is stored under its key. */
public record CatalogItem(String key, String displayName, URI docsUrl, boolean configured) {
    public CatalogItem {
        Objects.requireNonNull(key, "key");
    }
}
