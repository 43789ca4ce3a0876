package dev.tokenkeeper.postgres.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;

/**
 * The settings the embedded server runs with, given on its command line so that they hold for old data directories
 * too. The embedding library starts PostgreSQL with {@code -F} (fsync off) and {@code synchronous_commit=off}; the
 * durable settings override both, so that a commit is acknowledged only once it is on disk.
 */
final class ServerConfiguration {
    private static final Map<String, String> ALWAYS = Map.of(
            "listen_addresses", "127.0.0.1",
            "unix_socket_directories", "''",
            "password_encryption", "scram-sha-256",
            "max_connections", "300",
            "timezone", "UTC");
    static final Map<String, String> DURABLE = Map.of(
            "fsync", "on",
            "synchronous_commit", "on",
            "full_page_writes", "on");
    private static final Map<String, String> NON_DURABLE = Map.of(
            "fsync", "off",
            "synchronous_commit", "off",
            "full_page_writes", "off");

    private ServerConfiguration() {}

    static void apply(EmbeddedPostgres.Builder builder, boolean durable) {
        ALWAYS.forEach(builder::setServerConfig);
        (durable ? DURABLE : NON_DURABLE).forEach(builder::setServerConfig);
    }
}
