package dev.tokenkeeper.postgres.connection;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.EventType;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.port.ConnectionQuery;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.QuarantinedRefresh;
import dev.tokenkeeper.core.port.TokenCipher;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;
import dev.tokenkeeper.postgres.work.RowLeases;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ConnectionStore} on PostgreSQL: tokens and raw fields encrypted with associated data naming their row and
 * field, every write a compare-and-set on the generation (and on the live lease's fence, on the database clock),
 * in one transaction with its events.
 */
public final class PostgresConnectionStore implements ConnectionStore {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresConnectionStore.class);
    private static final String COLUMNS = "id, provider_key, state, access_token, refresh_token, raw, token_type,"
            + " issued_at, expires_at, scopes, generation, next_refresh_at, last_refreshed_at, refresh_count,"
            + " consecutive_failures, last_error, metadata, created_at, updated_at, granted_at,"
            + " refresh_token_expires_at";
    /** Ids in byte order, as {@link ConnectionQuery} sorts them whatever the database's collation (V4's indexes). */
    private static final String ID_IN_BYTE_ORDER = "id collate \"C\"";
    /** The tables whose rows belong to a connection and go when it is deleted. */
    private static final List<String> DEPENDENT_TABLES = List.of("connection_events", "quarantined_refreshes");

    private final PostgresDatabase database;
    private final TokenCipher cipher;

    public PostgresConnectionStore(PostgresDatabase database, TokenCipher cipher) {
        this.database = database;
        this.cipher = cipher;
    }

    @Override
    public Optional<Connection> find(String connectionId) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement(
                    "select " + COLUMNS + " from connections where id = ?")) {
                select.setString(1, connectionId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Connection> list(ConnectionQuery query) {
        Map<String, String> filters = filters(query);
        String where = filters.isEmpty() ? "" : " where " + String.join(" and ", filters.keySet());
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select " + COLUMNS + " from connections" + where
                    + " order by " + ID_IN_BYTE_ORDER + " limit ?")) {
                int index = 1;
                for (String value : filters.values()) {
                    select.setString(index++, value);
                }
                select.setInt(index, query.limit());
                List<Connection> page = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        page.add(read(row));
                    }
                }
                return page;
            }
        });
    }

    @Override
    public boolean create(Transition creation) {
        Connection connection = creation.after();
        return database.inTransaction(db -> {
            if (ProviderGuard.deleted(db, connection.providerKey())) {
                return false;
            }
            try (PreparedStatement insert = db.prepareStatement("insert into connections (" + COLUMNS + ")"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)"
                    + " on conflict (id) do nothing")) {
                insert.setString(1, connection.id());
                insert.setString(2, connection.providerKey());
                bindMutable(insert, 3, connection);
                insert.setString(17, RecordJson.metadata(connection.metadata()));
                insert.setTimestamp(18, timestamp(connection.createdAt()));
                insert.setTimestamp(19, timestamp(connection.updatedAt()));
                insert.setTimestamp(20, timestamp(connection.grantedAt()));
                insert.setTimestamp(21, timestamp(connection.tokens().refreshTokenExpiresAt()));
                if (insert.executeUpdate() == 0) {
                    return false;
                }
            }
            ConnectionEvents.append(db, creation.events());
            return true;
        });
    }

    @Override
    public boolean commit(Transition transition, long expectedGeneration, Lease lease) {
        Connection after = transition.after();
        if (after.generation() != expectedGeneration + 1) {
            throw new IllegalArgumentException("the new version must carry generation " + (expectedGeneration + 1));
        }
        // Under a lease, the commit also ends the started attempt: its result is written, nothing is interrupted (unless
        // the attempt got no answer after its request left: then it stays unsettled). A new grant (a reconnect) settles
        // it too: an interrupted refresh of the old grant says nothing about the new one.
        String leaseCheck = lease == null ? "" : " and lease_fence = ? and lease_expires_at > clock_timestamp()";
        boolean settles = transition.newGrant() || lease != null && !transition.attemptUnsettled();
        String attemptEnd = settles ? ", lease_attempt_started_at = null" : "";
        // Under a lease, the commit also gives the lease up and wakes its waiters, as a release would: the holder's
        // release afterwards then finds nothing to do and writes nothing (one transaction per refresh fewer).
        String leaseEnd = lease == null ? "" : ", " + RowLeases.GIVE_UP;
        String released = lease == null ? "" : " returning pg_notify('" + PostgresRefreshLease.CHANNEL + "', id)";
        return database.inTransaction(db -> {
            try (PreparedStatement update = db.prepareStatement("update connections set state = ?,"
                    + " access_token = ?, refresh_token = ?, raw = ?, token_type = ?, issued_at = ?, expires_at = ?,"
                    + " scopes = ?, generation = ?, next_refresh_at = ?, last_refreshed_at = ?, refresh_count = ?,"
                    + " consecutive_failures = ?, last_error = ?::jsonb, updated_at = ?, granted_at = ?,"
                    + " refresh_token_expires_at = ?"
                    + attemptEnd + leaseEnd + " where id = ? and generation = ?" + leaseCheck + released)) {
                bindMutable(update, 1, after);
                update.setTimestamp(15, timestamp(after.updatedAt()));
                update.setTimestamp(16, timestamp(after.grantedAt()));
                update.setTimestamp(17, timestamp(after.tokens().refreshTokenExpiresAt()));
                update.setString(18, after.id());
                update.setLong(19, expectedGeneration);
                if (lease != null) {
                    update.setLong(20, lease.fence());
                }
                if (!updatedOne(update, lease != null)) {
                    return false;
                }
            }
            ConnectionEvents.append(db, transition.events());
            return true;
        });
    }

    private static boolean updatedOne(PreparedStatement update, boolean returnsRows) throws SQLException {
        if (!returnsRows) {
            return update.executeUpdate() == 1;
        }
        try (ResultSet rows = update.executeQuery()) {
            return rows.next();
        }
    }

    @Override
    public Optional<Connection> changeMetadata(String connectionId, UnaryOperator<Map<String, String>> change,
            Instant updatedAt) {
        return database.inTransaction(db -> {
            Map<String, String> current;
            // The row lock orders concurrent changes; a refresh's commit does not write metadata, so it never waits.
            try (PreparedStatement select = db.prepareStatement(
                    "select metadata from connections where id = ? for no key update")) {
                select.setString(1, connectionId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.<Connection>empty();
                    }
                    current = RecordJson.metadata(row.getString(1));
                }
            }
            Map<String, String> changed = change.apply(current);
            try (PreparedStatement update = db.prepareStatement("update connections set metadata = ?::jsonb,"
                    + " updated_at = ? where id = ? returning " + COLUMNS)) {
                update.setString(1, RecordJson.metadata(changed));
                update.setTimestamp(2, timestamp(updatedAt));
                update.setString(3, connectionId);
                try (ResultSet row = update.executeQuery()) {
                    row.next();
                    return Optional.of(read(row));
                }
            }
        });
    }

    @Override
    public void record(List<ConnectionEvent> events) {
        database.inTransaction(db -> {
            ConnectionEvents.appendToExisting(db, events);
            return null;
        });
    }

    @Override
    public List<ConnectionEvent> events(String connectionId, int limit) {
        return database.withConnection(db -> ConnectionEvents.newest(db, connectionId, limit));
    }

    @Override
    public void quarantine(QuarantinedRefresh refresh) {
        database.withConnection(db -> {
            // The share lock waits for a delete in progress, which then leaves nothing to insert for.
            try (PreparedStatement insert = db.prepareStatement("insert into quarantined_refreshes"
                    + " (connection_id, fence, at, reason, tokens) select id, ?, ?, ?, ? from connections"
                    + " where id = ? for share")) {
                insert.setLong(1, refresh.fence());
                insert.setTimestamp(2, timestamp(refresh.at()));
                insert.setString(3, refresh.reason());
                insert.setBytes(4, cipher.encrypt(RecordJson.tokens(refresh.tokens()),
                        quarantineAad(refresh.connectionId(), refresh.fence())));
                insert.setString(5, refresh.connectionId());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public List<QuarantinedRefresh> quarantined(String connectionId) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select fence, at, reason, tokens"
                    + " from quarantined_refreshes where connection_id = ? order by id")) {
                select.setString(1, connectionId);
                List<QuarantinedRefresh> out = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        long fence = row.getLong("fence");
                        TokenSet tokens = RecordJson.tokens(decrypt(row.getBytes("tokens"),
                                quarantineAad(connectionId, fence), connectionId));
                        out.add(new QuarantinedRefresh(connectionId, fence, tokens, instant(row, "at"),
                                row.getString("reason")));
                    }
                }
                return out;
            }
        });
    }

    /** The query's conditions, each with the one value it binds, in order. */
    private static Map<String, String> filters(ConnectionQuery query) {
        Map<String, String> filters = new LinkedHashMap<>();
        if (query.providerKey() != null) {
            filters.put("provider_key = ?", query.providerKey());
        }
        if (query.state() != null) {
            filters.put("state = ?", query.state().wireName());
        }
        if (query.afterId() != null) {
            filters.put(ID_IN_BYTE_ORDER + " > ?", query.afterId());
        }
        if (!query.metadata().isEmpty()) {
            // Containment of string values is exact string equality per entry (V7's GIN index serves it).
            filters.put("metadata @> ?::jsonb", RecordJson.metadata(query.metadata()));
        }
        return filters;
    }

    @Override
    public Optional<Connection> delete(String connectionId) {
        return database.inTransaction(db -> {
            // The connection.deleted event goes in first, while the row (its provider and metadata) is there: the
            // webhook outbox (V11's trigger) makes its deliveries from it, and they outlive the timeline deleted below.
            try (PreparedStatement deletedEvent = db.prepareStatement("insert into connection_events"
                    + " (connection_id, at, type, payload) select id, now(), ?, jsonb_build_object('from', state,"
                    + " 'to', 'deleted', 'reason', null) from connections where id = ? for update")) {
                deletedEvent.setString(1, EventType.DELETED.wireName());
                deletedEvent.setString(2, connectionId);
                deletedEvent.executeUpdate();
            }
            Optional<Connection> deleted;
            try (PreparedStatement delete = db.prepareStatement(
                    "delete from connections where id = ? returning " + COLUMNS)) {
                delete.setString(1, connectionId);
                try (ResultSet row = delete.executeQuery()) {
                    deleted = row.next() ? Optional.of(read(row)) : Optional.empty();
                }
            }
            // Separate statements, not one with CTEs: each takes its snapshot after the row delete above waited out
            // a concurrent commit, so the events that commit wrote are seen and deleted too.
            if (deleted.isPresent()) {
                for (String table : DEPENDENT_TABLES) {
                    try (PreparedStatement delete = db.prepareStatement(
                            "delete from " + table + " where connection_id = ?")) {
                        delete.setString(1, connectionId);
                        delete.executeUpdate();
                    }
                }
            }
            return deleted;
        });
    }

    /** Binds the 14 columns from state to last_error, starting at {@code index} (metadata is written apart). */
    private void bindMutable(PreparedStatement statement, int index, Connection connection) throws SQLException {
        TokenSet tokens = connection.tokens();
        String id = connection.id();
        statement.setString(index, connection.state().wireName());
        statement.setBytes(index + 1, encrypt(tokens.accessToken(), FieldAad.ACCESS_TOKEN.of(id)));
        statement.setBytes(index + 2, tokens.refreshToken() == null ? null
                : encrypt(tokens.refreshToken(), FieldAad.REFRESH_TOKEN.of(id)));
        statement.setBytes(index + 3, cipher.encrypt(RecordJson.raw(tokens.raw()), FieldAad.RAW.of(id)));
        statement.setString(index + 4, tokens.tokenType());
        statement.setTimestamp(index + 5, timestamp(tokens.issuedAt()));
        statement.setTimestamp(index + 6, timestamp(tokens.expiresAt()));
        statement.setArray(index + 7, statement.getConnection().createArrayOf("text", tokens.scopes().toArray()));
        statement.setLong(index + 8, connection.generation());
        statement.setTimestamp(index + 9, timestamp(connection.nextRefreshAt()));
        statement.setTimestamp(index + 10, timestamp(connection.lastRefreshedAt()));
        statement.setLong(index + 11, connection.refreshCount());
        statement.setInt(index + 12, connection.consecutiveFailures());
        statement.setString(index + 13, RecordJson.lastError(connection.lastError()));
    }

    private Connection read(ResultSet row) throws SQLException {
        String id = row.getString("id");
        byte[] refresh = row.getBytes("refresh_token");
        TokenSet tokens = new TokenSet(
                Secret.of(text(decrypt(row.getBytes("access_token"), FieldAad.ACCESS_TOKEN.of(id), id))),
                refresh == null ? null : Secret.of(text(decrypt(refresh, FieldAad.REFRESH_TOKEN.of(id), id))),
                row.getString("token_type"), instant(row, "issued_at"), instant(row, "expires_at"),
                List.of((String[]) row.getArray("scopes").getArray()),
                RecordJson.raw(decrypt(row.getBytes("raw"), FieldAad.RAW.of(id), id)),
                instant(row, "refresh_token_expires_at"));
        return new Connection(id, row.getString("provider_key"),
                ConnectionState.fromWireName(row.getString("state")).orElseThrow(), tokens,
                row.getLong("generation"), instant(row, "next_refresh_at"), instant(row, "last_refreshed_at"),
                row.getLong("refresh_count"), row.getInt("consecutive_failures"),
                RecordJson.lastError(row.getString("last_error")), RecordJson.metadata(row.getString("metadata")),
                instant(row, "created_at"), instant(row, "updated_at"), instant(row, "granted_at"));
    }

    private byte[] encrypt(Secret secret, String aad) {
        return cipher.encrypt(secret.reveal().getBytes(StandardCharsets.UTF_8), aad);
    }

    private byte[] decrypt(byte[] ciphertext, String aad, String connectionId) {
        try {
            return cipher.decrypt(ciphertext, aad);
        } catch (TokenCipher.UndecryptableException e) {
            LOG.error("undecryptable_secret connection={} field={}: the stored ciphertext does not belong here or"
                    + " was made with an unknown key; it is not served", connectionId, aad);
            throw new CorruptConnectionException(connectionId, aad, e);
        }
    }

    static String quarantineAad(String connectionId, long fence) {
        return "quarantine:" + connectionId + ":" + fence;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
