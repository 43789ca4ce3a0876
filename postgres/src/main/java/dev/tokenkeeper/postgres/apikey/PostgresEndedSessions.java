package dev.tokenkeeper.postgres.apikey;

import dev.tokenkeeper.core.port.EndedSessions;
import dev.tokenkeeper.postgres.PostgresDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;

/** {@link EndedSessions} in PostgreSQL: the table {@code ended_console_sessions}, shared by every instance. */
public final class PostgresEndedSessions implements EndedSessions {
    private final PostgresDatabase database;

    public PostgresEndedSessions(PostgresDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void end(String sessionId, Instant expiresAt) {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        database.withConnection(db -> {
            try (PreparedStatement insert = db.prepareStatement("insert into ended_console_sessions"
                    + " (session_id, expires_at) values (?, ?) on conflict (session_id) do update"
                    + " set expires_at = greatest(ended_console_sessions.expires_at, excluded.expires_at)")) {
                insert.setString(1, sessionId);
                insert.setTimestamp(2, Timestamp.from(expiresAt));
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public boolean ended(String sessionId, Instant now) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement(
                    "select 1 from ended_console_sessions where session_id = ? and expires_at > ?")) {
                select.setString(1, sessionId);
                select.setTimestamp(2, Timestamp.from(now));
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    @Override
    public int forgetExpired(Instant now) {
        return database.withConnection(db -> {
            try (PreparedStatement delete = db.prepareStatement(
                    "delete from ended_console_sessions where expires_at <= ?")) {
                delete.setTimestamp(1, Timestamp.from(now));
                return delete.executeUpdate();
            }
        });
    }
}
