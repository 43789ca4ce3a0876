package dev.tokenkeeper.postgres.lease;

import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.port.RefreshLease;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.postgres.PostgresFixture;
import dev.tokenkeeper.testkit.contract.RefreshLeaseContract;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresRefreshLeaseTest extends RefreshLeaseContract {
    private static PostgresFixture postgres;

    @BeforeAll
    static void open() {
        postgres = PostgresFixture.open();
    }

    @AfterAll
    static void close() {
        postgres.close();
    }

    @Override
    protected RefreshLease leases() {
        return postgres.leases();
    }

    /** The lease lives on the connection row, so the row is created first. */
    @Override
    protected String newConnectionId() {
        String id = "conn-" + UUID.randomUUID();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        postgres.store().create(ConnectionLifecycle.created(id, "acme", new TokenSet(Secret.of("at"), Secret.of("rt"), null,
                now, now.plusSeconds(3600), List.of(), Map.of()), Map.of(), now, null));
        return id;
    }
}
