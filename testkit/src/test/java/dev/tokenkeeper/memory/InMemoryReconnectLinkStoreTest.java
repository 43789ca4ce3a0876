package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.port.ReconnectLinkStore;
import dev.tokenkeeper.testkit.contract.ReconnectLinkStoreContract;
import java.time.Instant;

class InMemoryReconnectLinkStoreTest extends ReconnectLinkStoreContract {
    @Override
    protected ReconnectLinkStore store() {
        return new InMemoryReconnectLinkStore();
    }

    @Override
    protected Instant now() {
        return Instant.parse("2026-03-01T10:00:00Z");
    }
}
