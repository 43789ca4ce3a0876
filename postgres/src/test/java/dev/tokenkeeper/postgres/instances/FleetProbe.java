package dev.tokenkeeper.postgres.instances;

import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.fake.FakeProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the fleet bench reads from outside the instances: refreshes the provider answered, CPU time per process (each
 * instance, PostgreSQL's postmaster with its backends, this JVM with the fake provider), the instances' heap after
 * each GC from their GC logs, and the database's sizes and row states.
 */
final class FleetProbe {
    /** A unified-logging GC line's heap before, after and committed, e.g. {@code 140M->35M(494M)}. */
    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final PostgresDatabase database;
    private final long postmaster;
    private final Instances instances;
    private final FakeProvider provider;

    FleetProbe(PostgresDatabase database, Path dataDirectory, Instances instances, FakeProvider provider)
            throws IOException {
        this.database = database;
        this.postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().strip());
        this.instances = instances;
        this.provider = provider;
    }

    /** Refresh requests answered so far and CPU time per process, at one moment. */
    record Reading(Instant at, long refreshes, Map<String, Duration> cpu, String load) {}

    Reading read() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        for (int slot = 0; slot < instances.size(); slot++) {
            InstanceProcess instance = instances.get(slot);
            cpu.put(instance.instanceId(), cpuOf(ProcessHandle.of(instance.pid())));
        }
        Optional<ProcessHandle> server = ProcessHandle.of(postmaster);
        Duration postgres = cpuOf(server);
        if (server.isPresent()) {
            postgres = server.get().descendants().map(p -> cpuOf(Optional.of(p))).reduce(postgres, Duration::plus);
        }
        cpu.put("postgresql", postgres);
        cpu.put("bench JVM (fake provider)", cpuOf(Optional.of(ProcessHandle.current())));
        return new Reading(Instant.now(), provider.refreshCount(), cpu, loadAverage());
    }

    private static Duration cpuOf(Optional<ProcessHandle> process) {
        return process.flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Each instance's largest heap after a GC, in MiB, from the GC logs named {@code gc-<pid>.log}. */
    Map<String, Long> heapAfterGc(Path gcLogs) {
        Map<String, Long> heaps = new LinkedHashMap<>();
        for (int slot = 0; slot < instances.size(); slot++) {
            InstanceProcess instance = instances.get(slot);
            heaps.put(instance.instanceId(), maxAfterGc(gcLogs.resolve("gc-" + instance.pid() + ".log")));
        }
        return heaps;
    }

    private static long maxAfterGc(Path log) {
        if (!Files.exists(log)) {
            return -1;
        }
        try {
            long max = 0;
            for (String line : Files.readAllLines(log)) {
                Matcher gc = GC.matcher(line);
                if (gc.find()) {
                    max = Math.max(max, Long.parseLong(gc.group(2)));
                }
            }
            return max;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sizes in MiB: the database, the connections table (all of it and its heap) and its indexes, the events. */
    Map<String, Double> sizes() {
        return query("select pg_database_size(current_database()), pg_total_relation_size('connections'),"
                + " pg_relation_size('connections'), pg_indexes_size('connections'),"
                + " pg_total_relation_size('connection_events')", List.of("database", "connections",
                        "connections heap", "connections indexes", "connection_events"), 1024.0 * 1024);
    }

    /** Row updates of connections, and how many were HOT (no index entries written). */
    Map<String, Double> updates() {
        return query("select n_tup_upd, n_tup_hot_upd from pg_stat_user_tables where relname = 'connections'",
                List.of("updates", "HOT updates"), 1);
    }

    /** Connections not active, failing, holding an expired token, or due for over a minute, at the end. */
    Map<String, Double> unhealthy() {
        return query("select count(*) filter (where state <> 'active'), count(*) filter (where consecutive_failures"
                + " > 0), count(*) filter (where expires_at <= now()), count(*) filter (where next_refresh_at <= now()"
                + " - interval '1 minute') from connections", List.of("not active", "failing", "token expired",
                        "due over 1 min"), 1);
    }

    private Map<String, Double> query(String sql, List<String> names, double unit) {
        return database.withConnection(db -> {
            Map<String, Double> values = new LinkedHashMap<>();
            try (PreparedStatement select = db.prepareStatement(sql); ResultSet row = select.executeQuery()) {
                row.next();
                for (int i = 0; i < names.size(); i++) {
                    values.put(names.get(i), row.getLong(i + 1) / unit);
                }
            }
            return values;
        });
    }
}
