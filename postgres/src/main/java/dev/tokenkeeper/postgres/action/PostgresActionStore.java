package dev.tokenkeeper.postgres.action;

import static dev.tokenkeeper.postgres.action.ActionRows.COLUMNS;
import static dev.tokenkeeper.postgres.action.ActionRows.timestamp;

import dev.tokenkeeper.core.action.Action;
import dev.tokenkeeper.core.action.ActionCreation;
import dev.tokenkeeper.core.action.ActionError;
import dev.tokenkeeper.core.action.ActionQuery;
import dev.tokenkeeper.core.action.ActionResponse;
import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.action.ActionStore;
import dev.tokenkeeper.core.action.ClaimedAction;
import dev.tokenkeeper.core.action.NewAction;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.port.ClaimBudget;
import dev.tokenkeeper.core.port.TokenCipher;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.rekey.EncryptedColumn;
import dev.tokenkeeper.postgres.work.DueClaims;
import dev.tokenkeeper.postgres.work.RowLease;
import dev.tokenkeeper.postgres.work.RowLeases;
import dev.tokenkeeper.postgres.work.WorkTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ActionStore} on PostgreSQL (V14): actions are claimed with {@link DueClaims} under fenced {@link RowLeases},
 * one per connection and in creation order; requests and responses are encrypted with associated data
 * {@code action:<id>:request} and {@code action:<id>:response}; V14's triggers emit the {@code action.*} webhooks
 * (the outbox) and release held actions in the transaction that reactivates their connection.
 */
public final class PostgresActionStore implements ActionStore {
    /** Claimable: queued (or running under a lease that ran out), not expired, no earlier action of the connection
     * still waiting. DueClaims aliases the table {@code t} in both its queries. */
    public static final WorkTable TABLE = new WorkTable("actions", "id", "next_attempt_at", "connection_id",
            "t.state in ('queued', 'running') and t.expires_at > clock_timestamp() and not exists (select 1 from"
                    + " actions p where p.connection_id = t.connection_id and p.seq < t.seq"
                    + " and p.state in ('queued', 'running', 'held'))");
    /** {@code actions.request}, described for re-encryption. */
    public static final EncryptedColumn ENCRYPTED_REQUEST = new EncryptedColumn("actions", "id", ActionRows.REQUEST,
            List.of(), row -> ActionRows.aad(row.getString("id"), ActionRows.REQUEST));
    /** {@code actions.response}, described for re-encryption. */
    public static final EncryptedColumn ENCRYPTED_RESPONSE = new EncryptedColumn("actions", "id",
            ActionRows.RESPONSE, List.of(), row -> ActionRows.aad(row.getString("id"), ActionRows.RESPONSE));
    private static final String END_LEASE = "lease_holder = null, lease_expires_at = null,"
            + " lease_attempt_started_at = null";

    private final PostgresDatabase database;
    private final ActionRows rows;
    private final RowLeases leases;
    private final DueClaims claims;

    public PostgresActionStore(PostgresDatabase database, TokenCipher cipher) {
        this.database = Objects.requireNonNull(database, "database");
        this.rows = new ActionRows(Objects.requireNonNull(cipher, "cipher"));
        this.leases = new RowLeases(database, TABLE, "action_released");
        this.claims = new DueClaims(database, leases);
    }

    @Override
    public ActionCreation create(NewAction action) {
        return database.inTransaction(db -> {
            // No key update (not just share): creations for one connection take turns, so their sequence numbers
            // commit in order and a claim never sees a later action before an earlier one.
            String state;
            String providerKey;
            String cause;
            try (PreparedStatement select = db.prepareStatement("select state, provider_key,"
                    + " last_error -> 'reason' ->> 'cause' from connections where id = ? for no key update")) {
                select.setString(1, action.connectionId());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return new ActionCreation.ConnectionMissing(action.connectionId());
                    }
                    state = row.getString(1);
                    providerKey = row.getString(2);
                    cause = row.getString(3);
                }
            }
            boolean active = "active".equals(state);
            try (PreparedStatement insert = db.prepareStatement("insert into actions (id, connection_id,"
                    + " provider_key, state, request, fingerprint, idempotency_key, created_at, updated_at,"
                    + " expires_at, next_attempt_at, error_code, error_cause, error_message, lifetime)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz - ?::timestamptz)"
                    + " on conflict (idempotency_key) where idempotency_key is not null do nothing")) {
                insert.setString(1, action.id());
                insert.setString(2, action.connectionId());
                insert.setString(3, providerKey);
                insert.setString(4, active ? "queued" : "held");
                insert.setBytes(5, rows.encrypt(action.id(), action.request()));
                insert.setString(6, action.request().fingerprint());
                insert.setString(7, action.idempotencyKey());
                insert.setTimestamp(8, timestamp(action.createdAt()));
                insert.setTimestamp(9, timestamp(action.createdAt()));
                insert.setTimestamp(10, timestamp(action.expiresAt()));
                insert.setTimestamp(11, active ? timestamp(action.createdAt()) : null);
                insert.setString(12, active ? null : "connection_stale");
                insert.setString(13, active ? null : Cause.fromCode(cause).map(Cause::code).orElse(null));
                insert.setString(14, active ? null
                        : "the connection is " + state + ": the action waits for a reconnect");
                insert.setTimestamp(15, timestamp(action.expiresAt()));
                insert.setTimestamp(16, timestamp(action.createdAt()));
                if (insert.executeUpdate() == 1) {
                    return new ActionCreation.Created(read(db, action.id()).orElseThrow());
                }
            }
            Action existing = byKey(db, action.idempotencyKey());
            return existing.fingerprint().equals(action.request().fingerprint())
                    && existing.connectionId().equals(action.connectionId())
                    ? new ActionCreation.Existing(existing)
                    : new ActionCreation.KeyConflict(existing);
        });
    }

    @Override
    public Optional<Action> find(String id) {
        return database.withConnection(db -> read(db, id));
    }

    @Override
    public List<Action> list(ActionQuery query) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select " + COLUMNS + " from actions"
                    + " where (?::text is null or connection_id = ?) and (?::text is null or state = ?)"
                    + " and (?::text is null or seq > (select a.seq from actions a where a.id = ?))"
                    + " order by seq limit ?")) {
                String state = query.state() == null ? null : query.state().wireName();
                select.setString(1, query.connectionId());
                select.setString(2, query.connectionId());
                select.setString(3, state);
                select.setString(4, state);
                select.setString(5, query.afterId());
                select.setString(6, query.afterId());
                select.setInt(7, query.limit());
                return readAll(select);
            }
        });
    }

    @Override
    public List<ClaimedAction> claimDue(String holder, Duration ttl, int limit) {
        List<RowLease> taken = claims.claim(holder, ttl, new ClaimBudget(limit, 1, Map.of()));
        if (taken.isEmpty()) {
            return List.of();
        }
        Map<String, Action> running = database.withConnection(db -> {
            try (PreparedStatement update = db.prepareStatement("update actions a set state = 'running',"
                    + " updated_at = clock_timestamp() from unnest(?::text[], ?::bigint[])"
                    + " as l(claimed_id, claimed_fence) where a.id = l.claimed_id and a.lease_fence = l.claimed_fence"
                    + " returning " + COLUMNS)) {
                update.setArray(1, db.createArrayOf("text", taken.stream().map(RowLease::id).toArray()));
                update.setArray(2, db.createArrayOf("int8", taken.stream().map(RowLease::fence).toArray()));
                Map<String, Action> byId = new HashMap<>();
                readAll(update).forEach(action -> byId.put(action.id(), action));
                return byId;
            }
        });
        List<ClaimedAction> claimed = new ArrayList<>();
        for (RowLease lease : taken) {
            Action action = running.get(lease.id());
            if (action != null) {
                claimed.add(new ClaimedAction(action, lease.fence(), lease.interruptedAttemptAt()));
            }
        }
        return claimed;
    }

    @Override
    public boolean markSending(ClaimedAction claimed) {
        // One auto-committed statement: the pool's sessions commit synchronously (PostgresDatabase).
        return database.withConnection(db -> {
            try (PreparedStatement mark = db.prepareStatement("update actions set attempts = attempts + 1,"
                    + " lease_attempt_started_at = clock_timestamp(), updated_at = clock_timestamp()"
                    + " where id = ? and state = 'running' and lease_fence = ?"
                    + " and lease_expires_at > clock_timestamp()")) {
                mark.setString(1, claimed.action().id());
                mark.setLong(2, claimed.fence());
                return mark.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean renew(ClaimedAction claimed, Duration ttl) {
        return database.withConnection(db -> {
            try (PreparedStatement renew = db.prepareStatement("update actions set lease_expires_at ="
                    + " clock_timestamp() + ? * interval '1 millisecond' where id = ? and state = 'running'"
                    + " and lease_fence = ? and lease_expires_at > clock_timestamp()")) {
                renew.setLong(1, ttl.toMillis());
                renew.setString(2, claimed.action().id());
                renew.setLong(3, claimed.fence());
                return renew.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean finish(ClaimedAction claimed, ActionState finalState, ActionResponse response, ActionError error,
            Instant now) {
        if (finalState != ActionState.SUCCEEDED && finalState != ActionState.FAILED
                && finalState != ActionState.EXPIRED) {
            throw new IllegalArgumentException("an action finishes succeeded, failed or expired, not " + finalState);
        }
        return database.withConnection(db -> settle(db, claimed, finalState, null, now, response, error, now));
    }

    @Override
    public boolean retryAt(ClaimedAction claimed, Instant at, ActionResponse response, ActionError error,
            Instant now) {
        Objects.requireNonNull(at, "at");
        return database.withConnection(db -> settle(db, claimed, ActionState.QUEUED, at, null, response, error, now));
    }

    @Override
    public boolean hold(ClaimedAction claimed, ActionError error, Instant now) {
        Objects.requireNonNull(error, "error");
        String connectionId = claimed.action().connectionId();
        return database.inTransaction(db -> {
            String state = connectionState(db, connectionId);
            if ("active".equals(state)) {
                return settle(db, claimed, ActionState.QUEUED, now, null, null, error, now);
            }
            if (state == null) {
                return settle(db, claimed, ActionState.FAILED, null, now, null, deleted(), now);
            }
            if (!settle(db, claimed, ActionState.HELD, null, null, null, error, now)) {
                return false;
            }
            try (PreparedStatement others = db.prepareStatement("update actions set state = 'held',"
                    + " next_attempt_at = null, updated_at = ?, error_code = ?, error_cause = ?, error_message = ?"
                    + " where connection_id = ? and state = 'queued'")) {
                others.setTimestamp(1, timestamp(now));
                bindError(others, 2, error);
                others.setString(5, connectionId);
                others.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public int releaseHeld(String connectionId, Instant now) {
        return database.withConnection(db -> {
            try (PreparedStatement update = db.prepareStatement("update actions set state = 'queued',"
                    + " next_attempt_at = ?, updated_at = ? where connection_id = ? and state = 'held'")) {
                update.setTimestamp(1, timestamp(now));
                update.setTimestamp(2, timestamp(now));
                update.setString(3, connectionId);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Action> replay(String id, Instant now) {
        return database.inTransaction(db -> {
            try (PreparedStatement update = db.prepareStatement("update actions set state = 'queued',"
                    + " next_attempt_at = ?, expires_at = ?::timestamptz + lifetime,"
                    + " finished_at = null, updated_at = ? where id = ? and state in ('held', 'failed', 'expired')"
                    + " and purged_at is null")) {
                update.setTimestamp(1, timestamp(now));
                update.setTimestamp(2, timestamp(now));
                update.setTimestamp(3, timestamp(now));
                update.setString(4, id);
                update.executeUpdate();
            }
            return read(db, id);
        });
    }

    @Override
    public Optional<Action> cancel(String id, Instant now) {
        return database.inTransaction(db -> {
            try (PreparedStatement update = db.prepareStatement("update actions set state = 'cancelled',"
                    + " next_attempt_at = null, finished_at = ?, updated_at = ? where id = ?"
                    + " and state in ('queued', 'held')")) {
                update.setTimestamp(1, timestamp(now));
                update.setTimestamp(2, timestamp(now));
                update.setString(3, id);
                update.executeUpdate();
            }
            return read(db, id);
        });
    }

    @Override
    public int expireDue(Instant now, int limit) {
        // A running action whose lease ran out expires too, with a new fence: its old holder writes nothing late.
        return database.withConnection(db -> {
            try (PreparedStatement update = db.prepareStatement("update actions set state = 'expired',"
                    + " next_attempt_at = null, finished_at = ?, updated_at = ?, error_code = 'expired',"
                    + " error_message = 'the action expired before it could run',"
                    + " lease_fence = nextval('lease_fences'), " + END_LEASE
                    + " where id in (select id from actions where expires_at <= ? and (state in ('queued', 'held')"
                    + "   or (state = 'running' and (lease_expires_at is null"
                    + "       or lease_expires_at <= clock_timestamp())))"
                    + " order by expires_at limit ? for update skip locked)")) {
                update.setTimestamp(1, timestamp(now));
                update.setTimestamp(2, timestamp(now));
                update.setTimestamp(3, timestamp(now));
                update.setInt(4, limit);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public int purgeFinishedBefore(Instant cutoff, int limit) {
        return database.withConnection(db -> {
            try (PreparedStatement update = db.prepareStatement("update actions set request = null,"
                    + " response = null, purged_at = clock_timestamp() where id in (select id from actions"
                    + " where finished_at < ? and purged_at is null"
                    + " and state in ('succeeded', 'failed', 'expired', 'cancelled')"
                    + " order by finished_at limit ? for update skip locked)")) {
                update.setTimestamp(1, timestamp(cutoff));
                update.setInt(2, limit);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Duration> untilNextDue() {
        return claims.untilNextDue();
    }

    /**
     * The fenced write of a claimed action's result: its state, due time, finish time, answer (kept when null) and
     * error; ends the lease and settles the attempt mark. False when the fence moved on.
     */
    private boolean settle(Connection db, ClaimedAction claimed, ActionState state, Instant due, Instant finished,
            ActionResponse response, ActionError error, Instant now) throws SQLException {
        String id = claimed.action().id();
        try (PreparedStatement update = db.prepareStatement("update actions set state = ?, next_attempt_at = ?,"
                + " finished_at = ?, updated_at = ?, response_status = coalesce(?, response_status),"
                + " response = coalesce(?, response), error_code = ?, error_cause = ?, error_message = ?, "
                + END_LEASE + " where id = ? and state = 'running' and lease_fence = ?")) {
            update.setString(1, state.wireName());
            update.setTimestamp(2, timestamp(due));
            update.setTimestamp(3, timestamp(finished));
            update.setTimestamp(4, timestamp(now));
            update.setObject(5, response == null ? null : response.status(), java.sql.Types.INTEGER);
            update.setBytes(6, rows.encrypt(id, response));
            bindError(update, 7, error);
            update.setString(10, id);
            update.setLong(11, claimed.fence());
            return update.executeUpdate() == 1;
        }
    }

    private static void bindError(PreparedStatement statement, int first, ActionError error) throws SQLException {
        statement.setString(first, error == null ? null : error.code());
        statement.setString(first + 1, error == null || error.cause() == null ? null : error.cause().code());
        statement.setString(first + 2, error == null ? null : error.message());
    }

    static ActionError deleted() {
        return new ActionError("connection_deleted", null, "the connection was deleted");
    }

    /** The connection's state, its row locked against a concurrent reactivation; null when it does not exist. */
    private static String connectionState(Connection db, String connectionId) throws SQLException {
        try (PreparedStatement select = db.prepareStatement(
                "select state from connections where id = ? for share")) {
            select.setString(1, connectionId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private Action byKey(Connection db, String key) throws SQLException {
        try (PreparedStatement select = db.prepareStatement(
                "select " + COLUMNS + " from actions where idempotency_key = ?")) {
            select.setString(1, key);
            return readAll(select).getFirst();
        }
    }

    private Optional<Action> read(Connection db, String id) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("select " + COLUMNS + " from actions where id = ?")) {
            select.setString(1, id);
            return readAll(select).stream().findFirst();
        }
    }

    private List<Action> readAll(PreparedStatement statement) throws SQLException {
        List<Action> found = new ArrayList<>();
        try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                found.add(rows.read(row));
            }
        }
        return found;
    }
}
