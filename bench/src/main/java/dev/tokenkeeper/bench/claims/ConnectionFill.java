package dev.tokenkeeper.bench.claims;

import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Fills the {@code connections} table to a given number of rows in one {@code INSERT … SELECT generate_series}:
 * encrypted columns hold random bytes (nothing decrypts them), 95% of rows are active and due uniformly over the next
 * hour (a due rate of N/3600 per second), 1% of them and the first 300 overdue (spread over the last ten
 * minutes, more than a claim's scan window of 4 batches), 3% need
 * re-authorization and 2% are misconfigured without a scheduled re-verification; spread over {@value #PROVIDERS}
 * providers in blocks of 100 ids (so the overdue rows are spread over all of them). Then vacuums and analyzes, as
 * autovacuum would have.
 */
final class ConnectionFill {
    static final int PROVIDERS = 20;
    /** The refresh schedule's own condition for a claimable connection. */
    static final String CLAIMABLE = "(" + PostgresRefreshLease.CONNECTIONS.claimableIf() + ")";

    private static final String INSERT = """
            insert into connections (id, provider_key, state, access_token, refresh_token, raw, token_type,
                issued_at, expires_at, scopes, generation, next_refresh_at, last_refreshed_at, refresh_count,
                metadata, created_at, updated_at, granted_at)
            select 'claims-' || lpad(g::text, 9, '0'),
                   'provider-' || ((g / 100) % ?),
                   case when g % 100 < 3 then 'needs_reauth' when g % 100 < 5 then 'misconfigured' else 'active' end,
                   decode(md5(random()::text) || md5(random()::text) || md5(random()::text)
                       || md5(random()::text), 'hex'),
                   decode(md5(random()::text) || md5(random()::text) || md5(random()::text), 'hex'),
                   decode(repeat(md5(random()::text), 8), 'hex'),
                   'Bearer',
                   now() - interval '30 minutes',
                   now() + interval '30 minutes',
                   '{read}',
                   1 + g % 7,
                   case when g % 100 < 5 then null
                        when g % 100 = 99 or g <= 300 then now() - random() * interval '10 minutes'
                        else now() + random() * interval '1 hour' end,
                   now() - interval '30 minutes',
                   g % 50,
                   jsonb_build_object('tenant', 't-' || (g % 1000)),
                   now() - interval '30 days',
                   now() - interval '30 minutes',
                   now() - interval '30 days'
            from generate_series(1, ?) g
            """;

    private ConnectionFill() {}

    /** Empties {@code connections} and fills it with {@code rows} rows, then vacuums and analyzes it. */
    static void fill(PostgresDatabase database, int rows) {
        database.withConnection(db -> {
            try (Statement statement = db.createStatement()) {
                statement.execute("truncate connections cascade");
            }
            try (PreparedStatement insert = db.prepareStatement(INSERT)) {
                insert.setInt(1, PROVIDERS);
                insert.setInt(2, rows);
                insert.executeUpdate();
            }
            try (Statement statement = db.createStatement()) {
                statement.execute("vacuum (analyze) connections");
            }
            return null;
        });
    }
}
