package dev.tokenkeeper.postgres.setup;

import dev.tokenkeeper.postgres.PostgresDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns, in one line at startup, when the database acknowledges commits before they are on disk: a rotated refresh
 * token, or the mark that a refresh was sent, could then be lost in a crash of PostgreSQL or of its machine, and the
 * old refresh token sent again, which a provider with reuse detection answers by revoking the grant.
 */
final class DurabilityCheck {
    private static final Logger LOG = LoggerFactory.getLogger(DurabilityCheck.class);
    /** Each setting with the values that give up durability. */
    private static final Map<String, List<String>> UNSAFE = Map.of(
            "fsync", List.of("off"),
            "synchronous_commit", List.of("off"),
            "full_page_writes", List.of("off"));

    private DurabilityCheck() {}

    /**
     * The unsafe settings, as {@code name=value}, in a stable order; empty when the database is durable. Read as the
     * server gives them to a new session ({@code reset_val}), before the pool's own session settings, which make
     * Tokenkeeper's commits synchronous on such a server too (but cannot turn fsync or full-page writes on).
     */
    static List<String> unsafeSettings(PostgresDatabase database) {
        return database.withConnection(connection -> {
            List<String> unsafe = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "select reset_val from pg_settings where name = ?")) {
                for (String name : UNSAFE.keySet().stream().sorted().toList()) {
                    statement.setString(1, name);
                    try (ResultSet row = statement.executeQuery()) {
                        row.next();
                        String value = row.getString(1);
                        if (UNSAFE.get(name).contains(value)) {
                            unsafe.add(name + "=" + value);
                        }
                    }
                }
            }
            return unsafe;
        });
    }

    static void warnIfUnsafe(PostgresDatabase database, String description) {
        List<String> unsafe = unsafeSettings(database);
        if (!unsafe.isEmpty()) {
            LOG.warn("the {} runs with {}: it acknowledges commits before they are on disk, so a crash can lose a"
                    + " rotated refresh token and get the grant revoked; set fsync, synchronous_commit and"
                    + " full_page_writes to on", description, String.join(", ", unsafe));
        }
    }
}
