package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.connection.ServingCopy;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.ForwardingConnectionStore;
import java.util.Optional;

/** A store that forwards everything, for tests that override one call to play a race. */
class DelegatingStore extends ForwardingConnectionStore {
    DelegatingStore(ConnectionStore delegate) {
        super(delegate);
    }

    /** Reads through {@link #find}, so a race played on it covers the token path's first read too. */
    @Override
    public Optional<ServingCopy> findToServe(String connectionId) {
        return find(connectionId).map(ServingCopy::of);
    }
}
