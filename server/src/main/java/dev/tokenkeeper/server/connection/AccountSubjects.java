package dev.tokenkeeper.server.connection;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.postgres.PostgresDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import java.util.Optional;

/**
 * The account subject of each connection (column {@code connections.account_subject}): the account its grant belongs
 * to as the provider names it, kept so that a reconnect can tell whether the same account came back.
 */
public final class AccountSubjects {
    /** The longest subject kept; longer ones are not account ids. */
    public static final int MAX_LENGTH = 255;

    private final PostgresDatabase database;
    private final ProviderDirectory providers;

    public AccountSubjects(PostgresDatabase database, ProviderDirectory providers) {
        this.database = Objects.requireNonNull(database, "database");
        this.providers = Objects.requireNonNull(providers, "providers");
    }

    /** The connection's stored subject, or empty when none is known (or there is no such connection). */
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

    /** Stores the connection's subject (a connection that no longer exists is left alone). */
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

    /** Stores the subject an imported grant's credentials carry (token field or id_token), if any. */
    void imported(Connection connection) {
        providers.find(connection.providerKey())
                .flatMap(provider -> TokenSubject.of(provider.account(), connection.tokens()))
                .ifPresent(subject -> store(connection.id(), subject));
    }
}
