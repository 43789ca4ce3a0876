package dev.tokenkeeper.core.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.cause.Cause;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in providers: real providers' configs with their quirks, from which a user configures one by its key and
 * their own client credentials.
 *
 * <p>The catalog is the resource {@code catalog.yaml} beside this class, which lists the providers' keys, and one
 * resource {@code catalog/<key>.yaml} per provider in the shape of API.md's provider config (see {@link CatalogEntry}).
 * It is read and checked once; a broken catalog is a bug in Tokenkeeper, so loading it throws.
 */
public final class ProviderCatalog {
    private static final String RESOURCE = "catalog.yaml";
    private static final String FOLDER = "catalog";

    private final List<CatalogEntry> entries;
    private final Map<String, CatalogEntry> byKey;

    private ProviderCatalog(List<CatalogEntry> entries) {
        this.entries = List.copyOf(entries);
        Map<String, CatalogEntry> keyed = new LinkedHashMap<>();
        entries.forEach(entry -> keyed.put(entry.key(), entry));
        this.byKey = Map.copyOf(keyed);
    }

    /**
     * The catalog shipped with Tokenkeeper, read on first use. A broken catalog fails that first use with an
     * {@link ExceptionInInitializerError} whose cause, an {@link IllegalStateException}, names the entry at fault.
     */
    public static ProviderCatalog builtIn() {
        return BuiltIn.CATALOG;
    }

    /** Reads a catalog in the built-in one's format; a broken one is an {@link IllegalStateException}. */
    static ProviderCatalog read(InputStream yaml, String source) {
        return new ProviderCatalog(CatalogReader.read(yaml, source));
    }

    /** Every built-in provider, in the catalog's order. */
    public List<CatalogEntry> entries() {
        return entries;
    }

    /** The built-in provider with this key, if there is one. */
    public Optional<CatalogEntry> find(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(byKey.get(key));
    }

    /**
     * The built-in provider's hint for a cause it is known for (Google's list of reasons behind "Token has been
     * expired or revoked", for instance); empty for a custom provider or a cause the provider has no hint for.
     */
    public Optional<String> hint(String providerKey, Cause cause) {
        return find(providerKey).flatMap(entry -> entry.hint(cause));
    }

    /**
     * A built-in provider's template overlaid with a user's fields ({@code client_id}, {@code client_secret}, any other
     * field of API.md's provider config), validated as in {@link CatalogEntry#configure(JsonNode)}.
     *
     * @throws InvalidProviderConfigException naming the field at fault, or {@code key} when no built-in provider has
     *     this key (a custom provider needs its full config)
     */
    public ProviderConfig configure(String key, JsonNode userFields) {
        return find(key).orElseThrow(() -> new InvalidProviderConfigException("key", "is not a built-in provider ("
                        + String.join(", ", byKey.keySet().stream().sorted().toList())
                        + "); a custom provider needs its full config"))
                .configure(userFields);
    }

    /** Holds the built-in catalog, read when first asked for. */
    private static final class BuiltIn {
        static final ProviderCatalog CATALOG = load();

        private static ProviderCatalog load() {
            try (InputStream yaml = ProviderCatalog.class.getResourceAsStream(RESOURCE)) {
                if (yaml == null) {
                    throw new IllegalStateException("the built-in provider catalog " + RESOURCE + " is missing");
                }
                return new ProviderCatalog(CatalogReader.readIndexed(yaml, RESOURCE, FOLDER,
                        ProviderCatalog.class::getResourceAsStream));
            } catch (IOException e) {
                throw new UncheckedIOException("the built-in provider catalog could not be read", e);
            }
        }
    }
}
