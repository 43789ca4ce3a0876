package dev.tokenkeeper.postgres.connection;

import dev.tokenkeeper.core.port.AccountSubjectStore;
import dev.tokenkeeper.postgres.PostgresDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import java.util.Optional;

/** The account subjects in PostgreSQL: the column {@code connections.account_subject}. */
public final class PostgresAccountSubjectStore implements AccountSubjectStore {
    private final PostgresDatabase database;

    public PostgresAccountSubjectStore(PostgresDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<String> find(String connectionId) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement(
                    "select account_subject from connections where id = ?")) {
                select.setString(1, connectionId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public void store(String connectionId, String subject) {
        Objects.requireNonNull(subject, "subject");
        database.withConnection(db -> {
            try (PreparedStatement update = db.prepareStatement(
                    "update connections set account_subject = ? where id = ?")) {
                update.setString(1, subject);
                update.setString(2, connectionId);
                return update.executeUpdate();
            }
        });
    }
}
