package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.port.ConnectSessions;
import dev.tokenkeeper.testkit.contract.ConnectSessionsContract;

class InMemoryConnectSessionsTest extends ConnectSessionsContract {

    @Override
    protected ConnectSessions sessions() {
        return new InMemoryConnectSessions();
    }
}
