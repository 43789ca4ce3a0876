package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.provider.ProviderConfig;
import java.util.Optional;

/** Looks up provider configs by key. */
public interface ProviderDirectory {

    Optional<ProviderConfig> find(String providerKey);
}
