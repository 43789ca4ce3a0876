package dev.tokenkeeper.postgres;

import dev.tokenkeeper.core.token.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Where Tokenkeeper's database is and whom to log in as: a JDBC URL, plus a user and password sent as connection
 * properties so that the URL, which may be shown, never holds the password.
 *
 * @param jdbcUrl  a {@code jdbc:postgresql:} URL
 * @param user     the user to log in as, or null for the driver's default (or the URL's {@code user} parameter)
 * @param password the password, or null for none
 */
public record DatabaseLocation(String jdbcUrl, String user, Secret password) {
    private static final String PREFIX = "jdbc:postgresql:";

    public DatabaseLocation {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a PostgreSQL JDBC URL starts with " + PREFIX);
        }
        if (user != null && user.isBlank()) {
            user = null;
        }
    }

    /** A URL that carries whatever it needs itself (as the embedded server's and the tests' URLs do). */
    public static DatabaseLocation of(String jdbcUrl) {
        return new DatabaseLocation(jdbcUrl, null, null);
    }

    /** The user and password as JDBC connection properties (empty when neither is set). */
    public Properties properties() {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password.reveal());
        }
        return properties;
    }

    /** Opens an unpooled connection (for a dedicated LISTEN connection, for instance). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, properties());
    }

    /** Host, port and database, without query parameters or credentials: safe for logs. */
    public String hostAndDatabase() {
        String rest = jdbcUrl.substring(PREFIX.length());
        int query = rest.indexOf('?');
        rest = query < 0 ? rest : rest.substring(0, query);
        return rest.startsWith("//") ? rest.substring(2) : rest;
    }

    @Override
    public String toString() {
        return "DatabaseLocation[" + hostAndDatabase() + (user == null ? "" : " as " + user) + "]";
    }
}
