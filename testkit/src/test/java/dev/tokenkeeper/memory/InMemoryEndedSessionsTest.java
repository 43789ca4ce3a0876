package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.port.EndedSessions;
import dev.tokenkeeper.testkit.contract.EndedSessionsContract;
import java.time.Instant;

class InMemoryEndedSessionsTest extends EndedSessionsContract {

    @Override
    protected EndedSessions sessions() {
        return new InMemoryEndedSessions();
    }

    @Override
    protected Instant now() {
        return Instant.parse("2026-03-01T10:00:00Z");
    }
}
