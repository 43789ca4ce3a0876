package dev.tokenkeeper.postgres.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** What came of deleting a stored provider config. */
public sealed interface ProviderDeletion {

    /**
     * The config was deleted.
     *
     * @param config the config as it was stored, API.md's JSON without the client secret
     */
    record Deleted(ObjectNode config) implements ProviderDeletion {
        public Deleted {
            config = Objects.requireNonNull(config, "config").deepCopy();
        }

        @Override
        public ObjectNode config() {
            return config.deepCopy();
        }
    }

    /** No config was stored under the key. */
    record NotFound() implements ProviderDeletion {}

    /**
     * Nothing was deleted: connections still use the provider.
     *
     * @param connections how many connections use it
     */
    record InUse(long connections) implements ProviderDeletion {
        public InUse {
            if (connections < 1) {
                throw new IllegalArgumentException("a provider in use has at least one connection");
            }
        }
    }
}
