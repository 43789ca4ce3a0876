package dev.tokenkeeper.postgres.connection;

import dev.tokenkeeper.core.connection.ConnectionEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reads and appends rows of {@code connection_events}. */
final class ConnectionEvents {
    private ConnectionEvents() {}

    static void append(Connection db, List<ConnectionEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = db.prepareStatement("insert into connection_events"
                + " (connection_id, at, type, payload) values (?, ?, ?, ?::jsonb)")) {
            for (ConnectionEvent event : events) {
                insert.setString(1, event.connectionId());
                insert.setTimestamp(2, PostgresConnectionStore.timestamp(event.at()));
                insert.setString(3, RecordJson.eventType(event));
                insert.setString(4, RecordJson.eventPayload(event));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Appends events to the timelines of connections that exist; those of any other connection are dropped. */
    static void appendToExisting(Connection db, List<ConnectionEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = db.prepareStatement("insert into connection_events"
                + " (connection_id, at, type, payload) select ?, ?, ?, ?::jsonb"
                + " where exists (select 1 from connections where id = ?)")) {
            for (ConnectionEvent event : events) {
                insert.setString(1, event.connectionId());
                insert.setTimestamp(2, PostgresConnectionStore.timestamp(event.at()));
                insert.setString(3, RecordJson.eventType(event));
                insert.setString(4, RecordJson.eventPayload(event));
                insert.setString(5, event.connectionId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static List<ConnectionEvent> newest(Connection db, String connectionId, int limit) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("select at, type, payload from connection_events"
                + " where connection_id = ? order by seq desc limit ?")) {
            select.setString(1, connectionId);
            select.setInt(2, limit);
            List<ConnectionEvent> out = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    out.add(RecordJson.event(connectionId, PostgresConnectionStore.instant(row, "at"),
                            row.getString("type"), row.getString("payload")));
                }
            }
            Collections.reverse(out);
            return out;
        }
    }
}
