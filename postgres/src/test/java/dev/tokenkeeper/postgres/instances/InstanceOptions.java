package dev.tokenkeeper.postgres.instances;

import dev.tokenkeeper.core.refresh.SchedulerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an instance process is started with, written by the parent as {@code --name=value} arguments and read back
 * by {@link InstanceMain}: one definition for both sides.
 *
 * @param instanceId     names the instance in leases, logs and answers
 * @param jdbcUrl        the shared database (already migrated, or migrated by the first instance), or
 *                       {@code embedded:<data directory>} for an instance that runs its own embedded server
 *                       there (see {@link #embeddedIn})
 * @param keysetFile     the Tink keyset file every instance decrypts with; it must exist
 * @param providersFile  a JSON file with one provider config object, or an array of them (with client secrets)
 * @param httpDeadline   the refresh request's deadline
 * @param leaseTtl       the refresh lease's length (at least 1 s longer than the deadline)
 * @param poolSize       the instance's database pool
 * @param commandTimeout the most one command may take before its unfinished calls count as timed out
 * @param maxLifetime    the instance halts itself after this long, whatever its parent does
 * @param scheduler      how the instance's proactive refresh scheduler paces itself
 * @param jvmFlags       flags for the instance's JVM after the small defaults of {@link ChildJvm} (a later flag
 *                       wins, e.g. {@code -Xmx512m}); for the launcher only, not an argument
 */
public record InstanceOptions(
        String instanceId,
        String jdbcUrl,
        Path keysetFile,
        Path providersFile,
        Duration httpDeadline,
        Duration leaseTtl,
        int poolSize,
        Duration commandTimeout,
        Duration maxLifetime,
        SchedulerSettings scheduler,
        List<String> jvmFlags) {
    private static final String EMBEDDED = "embedded:";
    /** The test pace: at most 16 refreshes at once, 8 per provider, polling every 250 ms, 50 ms after a miss. */
    static final SchedulerSettings TEST_SCHEDULING =
            new SchedulerSettings(16, 8, Duration.ofMillis(250), Duration.ofMillis(50));

    public InstanceOptions {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(keysetFile, "keysetFile");
        Objects.requireNonNull(providersFile, "providersFile");
        Objects.requireNonNull(httpDeadline, "httpDeadline");
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        Objects.requireNonNull(scheduler, "scheduler");
        jvmFlags = List.copyOf(jvmFlags);
        if (!instanceId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("instanceId must be letters, digits, '.', '_' or '-': " + instanceId);
        }
        if (poolSize < 2) {
            throw new IllegalArgumentException("poolSize must be at least 2");
        }
    }

    /** Short timings for tests (2 s deadline, 5 s lease), a pool of 8, 60 s per command, 10 min of life. */
    public static InstanceOptions forTests(String instanceId, String jdbcUrl, Path keysetFile, Path providersFile) {
        return new InstanceOptions(instanceId, jdbcUrl, keysetFile, providersFile, Duration.ofSeconds(2),
                Duration.ofSeconds(5), 8, Duration.ofSeconds(60), Duration.ofMinutes(10), TEST_SCHEDULING, List.of());
    }

    /** The {@code jdbcUrl} of an instance that runs the product's embedded server on {@code dataDirectory}. */
    public static String embeddedIn(Path dataDirectory) {
        return EMBEDDED + dataDirectory.toAbsolutePath();
    }

    /** The data directory of the embedded server this instance runs, if it runs one. */
    public Optional<Path> embeddedDataDirectory() {
        return jdbcUrl.startsWith(EMBEDDED) ? Optional.of(Path.of(jdbcUrl.substring(EMBEDDED.length())))
                : Optional.empty();
    }

    /** The same options for another instance. */
    public InstanceOptions withInstanceId(String newInstanceId) {
        return new InstanceOptions(newInstanceId, jdbcUrl, keysetFile, providersFile, httpDeadline, leaseTtl,
                poolSize, commandTimeout, maxLifetime, scheduler, jvmFlags);
    }

    /** The same options with another maximum lifetime (for runs longer than {@link #forTests} allows). */
    public InstanceOptions withMaxLifetime(Duration newMaxLifetime) {
        return new InstanceOptions(instanceId, jdbcUrl, keysetFile, providersFile, httpDeadline, leaseTtl,
                poolSize, commandTimeout, newMaxLifetime, scheduler, jvmFlags);
    }

    /** The same options with another keyset file (e.g. one that does not exist, to see a start fail). */
    public InstanceOptions withKeysetFile(Path newKeysetFile) {
        return new InstanceOptions(instanceId, jdbcUrl, newKeysetFile, providersFile, httpDeadline, leaseTtl,
                poolSize, commandTimeout, maxLifetime, scheduler, jvmFlags);
    }

    /** The command-line arguments that {@link #parse} reads back. */
    public List<String> toArguments() {
        List<String> arguments = new ArrayList<>();
        arguments.add("--instance-id=" + instanceId);
        arguments.add("--jdbc-url=" + jdbcUrl);
        arguments.add("--keyset-file=" + keysetFile.toAbsolutePath());
        arguments.add("--providers-file=" + providersFile.toAbsolutePath());
        arguments.add("--http-deadline=" + httpDeadline);
        arguments.add("--lease-ttl=" + leaseTtl);
        arguments.add("--pool-size=" + poolSize);
        arguments.add("--command-timeout=" + commandTimeout);
        arguments.add("--max-lifetime=" + maxLifetime);
        arguments.add("--scheduler=" + scheduler.maxConcurrent() + "," + scheduler.perProvider() + ","
                + scheduler.pollInterval() + "," + scheduler.idleAfterMiss());
        return arguments;
    }

    /** Reads the arguments {@link #toArguments} wrote; every one is required, an unknown one is an error. */
    public static InstanceOptions parse(String[] arguments) {
        Map<String, String> named = new LinkedHashMap<>();
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            if (!argument.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("expected --name=value, got: " + argument);
            }
            named.put(argument.substring(2, equals), argument.substring(equals + 1));
        }
        InstanceOptions options = new InstanceOptions(take(named, "instance-id"), take(named, "jdbc-url"),
                Path.of(take(named, "keyset-file")), Path.of(take(named, "providers-file")),
                Duration.parse(take(named, "http-deadline")), Duration.parse(take(named, "lease-ttl")),
                Integer.parseInt(take(named, "pool-size")), Duration.parse(take(named, "command-timeout")),
                Duration.parse(take(named, "max-lifetime")), scheduler(take(named, "scheduler")), List.of());
        if (!named.isEmpty()) {
            throw new IllegalArgumentException("unknown arguments: " + named.keySet());
        }
        return options;
    }

    private static SchedulerSettings scheduler(String text) {
        String[] parts = text.split(",");
        if (parts.length != 4) {
            throw new IllegalArgumentException("expected --scheduler=maxConcurrent,perProvider,poll,idle: " + text);
        }
        return new SchedulerSettings(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Duration.parse(parts[2]),
                Duration.parse(parts[3]));
    }

    private static String take(Map<String, String> named, String name) {
        String value = named.remove(name);
        if (value == null) {
            throw new IllegalArgumentException("missing argument --" + name);
        }
        return value;
    }
}
