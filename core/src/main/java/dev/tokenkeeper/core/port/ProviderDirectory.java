package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.provider.ProviderConfig;
import java.util.Optional;

/** Looks up provider configs by key. */
public interface ProviderDirectory {

    Optional<ProviderConfig> find(String providerKey);

    /**
     * Whether the provider's connections get their tokens with the client's credentials (no user, no refresh token);
     * false for an unknown provider.
     */
    default boolean clientCredentials(String providerKey) {
        return find(providerKey).map(ProviderConfig::clientCredentials).orElse(false);
    }
}
