package dev.tokenkeeper.postgres.revocation;

import dev.tokenkeeper.core.port.ClaimBudget;
import dev.tokenkeeper.core.port.PendingRevocations;
import dev.tokenkeeper.core.port.TokenCipher;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.rekey.EncryptedColumn;
import dev.tokenkeeper.postgres.work.DueClaims;
import dev.tokenkeeper.postgres.work.RowLease;
import dev.tokenkeeper.postgres.work.RowLeases;
import dev.tokenkeeper.postgres.work.WorkTable;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link PendingRevocations} in the {@code revocations} table: claimed with {@link DueClaims} under fenced
 * {@link RowLeases} (per provider), the token encrypted with associated data {@code revocation:<id>:token}.
 */
public final class PostgresPendingRevocations implements PendingRevocations {
    private static final String TOKEN = "token";
    /** The work table: every row is claimable once due. */
    public static final WorkTable TABLE = new WorkTable("revocations", "id", "next_attempt_at", "provider_key",
            "true");
    /** {@code revocations.token}, described for re-encryption with the associated data it is bound to. */
    public static final EncryptedColumn ENCRYPTED_TOKEN = new EncryptedColumn("revocations", "id", TOKEN, List.of(),
            row -> tokenAad(row.getString("id")));

    private final PostgresDatabase database;
    private final TokenCipher cipher;
    private final RowLeases leases;
    private final DueClaims claims;

    public PostgresPendingRevocations(PostgresDatabase database, TokenCipher cipher) {
        this.database = Objects.requireNonNull(database, "database");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.leases = new RowLeases(database, TABLE, "revocation_released");
        this.claims = new DueClaims(database, leases);
    }

    @Override
    public void add(Revocation revocation) {
        byte[] token = cipher.encrypt(revocation.token().reveal().getBytes(StandardCharsets.UTF_8),
                tokenAad(revocation.id()));
        database.withConnection(db -> {
            try (PreparedStatement insert = db.prepareStatement("insert into revocations (id, provider_key,"
                    + " connection_id, token, token_type_hint, created_at, give_up_at, next_attempt_at, attempts,"
                    + " last_error) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, revocation.id());
                insert.setString(2, revocation.providerKey());
                insert.setString(3, revocation.connectionId());
                insert.setBytes(4, token);
                insert.setString(5, revocation.tokenTypeHint());
                insert.setTimestamp(6, Timestamp.from(revocation.createdAt()));
                insert.setTimestamp(7, Timestamp.from(revocation.giveUpAt()));
                insert.setTimestamp(8, Timestamp.from(revocation.nextAttemptAt()));
                insert.setInt(9, revocation.attempts());
                insert.setString(10, revocation.lastError());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public List<Claimed> claimDue(String holder, Duration ttl, int limit, int perProvider) {
        List<RowLease> taken = claims.claim(holder, ttl, new ClaimBudget(limit, perProvider, Map.of()));
        List<Claimed> claimed = new ArrayList<>();
        for (RowLease lease : taken) {
            read(lease.id()).ifPresent(revocation -> claimed.add(new Claimed(revocation, lease.fence())));
        }
        return claimed;
    }

    @Override
    public boolean finish(String id, long fence) {
        return database.withConnection(db -> {
            try (PreparedStatement delete = db.prepareStatement(
                    "delete from revocations where id = ? and lease_fence = ?")) {
                delete.setString(1, id);
                delete.setLong(2, fence);
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean retryAt(String id, long fence, Instant nextAttemptAt, String lastError) {
        return database.withConnection(db -> {
            try (PreparedStatement update = db.prepareStatement("update revocations set next_attempt_at = ?,"
                    + " attempts = attempts + 1, last_error = ?, lease_holder = null, lease_expires_at = null,"
                    + " lease_attempt_started_at = null where id = ? and lease_fence = ?")) {
                update.setTimestamp(1, Timestamp.from(nextAttemptAt));
                update.setString(2, lastError);
                update.setString(3, id);
                update.setLong(4, fence);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Duration> untilNextDue() {
        return claims.untilNextDue();
    }

    private Optional<Revocation> read(String id) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select provider_key, connection_id, token,"
                    + " token_type_hint, created_at, next_attempt_at, give_up_at, attempts, last_error"
                    + " from revocations where id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(revocation(id, row)) : Optional.empty();
                }
            }
        });
    }

    private Revocation revocation(String id, ResultSet row) throws SQLException {
        Secret token = Secret.of(new String(cipher.decrypt(row.getBytes(TOKEN), tokenAad(id)),
                StandardCharsets.UTF_8));
        return new Revocation(id, row.getString("provider_key"), row.getString("connection_id"), token,
                row.getString("token_type_hint"), row.getTimestamp("created_at").toInstant(),
                row.getTimestamp("next_attempt_at").toInstant(), row.getTimestamp("give_up_at").toInstant(),
                row.getInt("attempts"), row.getString("last_error"));
    }

    private static String tokenAad(String id) {
        return "revocation:" + id + ":" + TOKEN;
    }
}
