package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.provider.ProviderConfig;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ProviderDirectory} in memory; tests put and replace configs at will. */
public final class InMemoryProviderDirectory implements ProviderDirectory {
    private final Map<String, ProviderConfig> providers = new ConcurrentHashMap<>();

    @Override
    public Optional<ProviderConfig> find(String providerKey) {
        return Optional.ofNullable(providers.get(providerKey));
    }

    /** Adds or replaces a provider config. */
    public InMemoryProviderDirectory put(ProviderConfig config) {
        providers.put(config.key(), config);
        return this;
    }
}
