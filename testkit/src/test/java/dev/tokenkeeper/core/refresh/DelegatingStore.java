package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.ForwardingConnectionStore;

/** A store that forwards everything, for tests that override one call to play a race. */
class DelegatingStore extends ForwardingConnectionStore {
    DelegatingStore(ConnectionStore delegate) {
        super(delegate);
    }
}
