package dev.tokenkeeper.postgres.connect;

import dev.tokenkeeper.core.port.ReconnectLink;
import dev.tokenkeeper.core.port.ReconnectLinkStore;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.PostgresDatabase;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The reconnect links in PostgreSQL (table {@code reconnect_links}), found by the SHA-256 of their token, and the
 * connect sessions started from them ({@code reconnect_link_sessions}).
 */
public final class PostgresReconnectLinkStore implements ReconnectLinkStore {
    private static final String COLUMNS = "id, connection_id, redirect_after, created_at, expires_at, used_at,"
            + " revoked_at";

    private final PostgresDatabase database;

    public PostgresReconnectLinkStore(PostgresDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void create(ReconnectLink link, Secret token) {
        database.withConnection(db -> {
            try (PreparedStatement insert = db.prepareStatement("insert into reconnect_links (id, connection_id,"
                    + " token_hash, redirect_after, created_at, expires_at) values (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, link.id());
                insert.setString(2, link.connectionId());
                insert.setBytes(3, ReconnectLinkStore.tokenHash(token));
                insert.setString(4, link.redirectAfter() == null ? null : link.redirectAfter().toString());
                insert.setTimestamp(5, Timestamp.from(link.createdAt()));
                insert.setTimestamp(6, Timestamp.from(link.expiresAt()));
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<ReconnectLink> byToken(Secret token) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select " + COLUMNS
                    + " from reconnect_links where token_hash = ?")) {
                select.setBytes(1, ReconnectLinkStore.tokenHash(token));
                return one(select);
            }
        });
    }

    /** Revokes the link (keeping the first revocation time) and answers it, or empty when there is no such link. */
    @Override
    public Optional<ReconnectLink> revoke(String id, Instant now) {
        return database.withConnection(db -> {
            try (PreparedStatement update = db.prepareStatement("update reconnect_links set revoked_at ="
                    + " coalesce(revoked_at, ?) where id = ? returning " + COLUMNS)) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setString(2, id);
                return one(update);
            }
        });
    }

    /** Remembers that the connect session was started from the link. */
    @Override
    public void startedSession(String linkId, String sessionId) {
        database.withConnection(db -> {
            try (PreparedStatement insert = db.prepareStatement(
                    "insert into reconnect_link_sessions (session_id, link_id) values (?, ?)")) {
                insert.setString(1, sessionId);
                insert.setString(2, linkId);
                return insert.executeUpdate();
            }
        });
    }

    /** Marks used the link the completed session was started from, if any (and not used yet). */
    @Override
    public void sessionCompleted(String sessionId, Instant now) {
        database.withConnection(db -> {
            try (PreparedStatement update = db.prepareStatement("update reconnect_links set used_at = ?"
                    + " where used_at is null and id = (select link_id from reconnect_link_sessions"
                    + " where session_id = ?)")) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setString(2, sessionId);
                return update.executeUpdate();
            }
        });
    }

    /** Deletes the links that expired, or were used, before {@code before}; answers how many. */
    @Override
    public int purge(Instant before) {
        return database.withConnection(db -> {
            try (PreparedStatement delete = db.prepareStatement(
                    "delete from reconnect_links where expires_at < ? or used_at < ?")) {
                delete.setTimestamp(1, Timestamp.from(before));
                delete.setTimestamp(2, Timestamp.from(before));
                return delete.executeUpdate();
            }
        });
    }

    private static Optional<ReconnectLink> one(PreparedStatement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            String redirect = row.getString(3);
            return Optional.of(new ReconnectLink(row.getString(1), row.getString(2),
                    redirect == null ? null : URI.create(redirect), instant(row, 4), instant(row, 5),
                    instant(row, 6), instant(row, 7)));
        }
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        Timestamp at = row.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
