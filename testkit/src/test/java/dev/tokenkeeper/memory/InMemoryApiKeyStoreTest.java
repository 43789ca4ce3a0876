package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.port.ApiKeyStore;
import dev.tokenkeeper.testkit.contract.ApiKeyStoreContract;

class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {

    @Override
    protected ApiKeyStore store() {
        return new InMemoryApiKeyStore();
    }
}
