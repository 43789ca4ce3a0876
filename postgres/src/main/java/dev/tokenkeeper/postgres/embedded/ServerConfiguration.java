package dev.tokenkeeper.postgres.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
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
            "full_page_writes", "on",
            // Fewer checkpoints, so fewer full-page images in the WAL: every refresh rewrites its connection's row.
            "max_wal_size", "2GB",
            "checkpoint_timeout", "15min");
    /** The least and the most shared memory the durable server caches pages in. */
    static final long MIN_SHARED_BUFFERS_MB = 128;
    static final long MAX_SHARED_BUFFERS_MB = 2_048;
    private static final Map<String, String> NON_DURABLE = Map.of(
            "fsync", "off",
            "synchronous_commit", "off",
            "full_page_writes", "off");

    private ServerConfiguration() {}

    static void apply(EmbeddedPostgres.Builder builder, boolean durable) {
        ALWAYS.forEach(builder::setServerConfig);
        (durable ? DURABLE : NON_DURABLE).forEach(builder::setServerConfig);
        if (durable) {
            builder.setServerConfig("shared_buffers", sharedBuffersMb(physicalMemoryBytes()) + "MB");
        }
    }

    /**
     * The durable server's page cache: an eighth of the machine's memory, from 128 MB (PostgreSQL's default) to 2 GB.
     * PostgreSQL's default alone kept a million connections' table and indexes (about 1 GB) out of memory, so every
     * refresh's updates evicted pages; the eighth leaves the rest to the service and the operating system's cache.
     */
    static long sharedBuffersMb(long physicalBytes) {
        long eighthMb = physicalBytes / 8 / (1024 * 1024);
        return Math.max(MIN_SHARED_BUFFERS_MB, Math.min(MAX_SHARED_BUFFERS_MB, eighthMb));
    }

    private static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0; // unknown: the minimum
    }
}
