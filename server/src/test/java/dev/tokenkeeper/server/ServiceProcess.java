package dev.tokenkeeper.server;

import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.postgres.DatabaseLocation;
import dev.tokenkeeper.postgres.crypto.KeysetFile;
import dev.tokenkeeper.server.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Another instance of a {@link TestService}'s deployment in a JVM of its own: the real {@code tokenkeeper serve}
 * (HTTP API, refresh engine, revocation worker, webhook dispatcher) on the same database, keyset and API key, as a
 * replica runs in production; proactive refresh off. It can be stopped (SIGTERM) or killed (SIGKILL, no shutdown
 * hook, no goodbye). Its output goes to a file under {@code target/}; every instance still running when the test JVM
 * exits is killed.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Duration START_BOUND = Duration.ofMinutes(3);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "service-process-reaper"));
    }

    private final Process process;
    private final URI baseUrl;
    private final Path output;

    private ServiceProcess(Process process, URI baseUrl, Path output) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.output = output;
    }

    /** Starts an instance of {@code service}'s deployment and waits (bounded) until it answers ready. */
    public static ServiceProcess start(TestService service) {
        try {
            int port = TestService.freePort();
            Path data = Files.createTempDirectory("tokenkeeper-instance");
            Path output = Files.createTempFile(Path.of("target"), "service-process-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command(List.of("serve", "--no-schedule")))
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME"));
            environment.putAll(Map.of(
                    "TOKENKEEPER_DATABASE_URL", databaseUrl(service.tokenkeeper.parts().storage().database()
                            .location()),
                    "TOKENKEEPER_KEYSET", service.dataDirectory().resolve(KeysetFile.GENERATED_FILE_NAME).toString(),
                    "TOKENKEEPER_API_KEY", service.apiKey.reveal(),
                    "TOKENKEEPER_PORT", Integer.toString(port),
                    "TOKENKEEPER_ALLOW_PRIVATE_URLS", "true",
                    "TOKENKEEPER_DATA_DIR", data.toString(),
                    "TOKENKEEPER_DATABASE_POOL_SIZE", "6"));
            Process process = builder.start();
            RUNNING.add(process);
            ServiceProcess instance = new ServiceProcess(process, URI.create("http://127.0.0.1:" + port), output);
            instance.awaitReady();
            return instance;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public long pid() {
        return process.pid();
    }

    /** The file its standard output and error go to (its logs), kept after it ends. */
    public Path output() {
        return output;
    }

    /** A client of this instance's API with the deployment's key. */
    public ApiClient api(TestService service) {
        return new ApiClient(baseUrl, service.apiKey);
    }

    /** kill -9: the process ends at once, with whatever it had in flight. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** Stops it as a service manager does (SIGTERM), killing it if it does not end within a minute. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(1, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        waitFor();
    }

    private void waitFor() {
        try {
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("instance " + process.pid() + " did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try (http) {
            await("instance " + process.pid() + " ready (output in " + output + ")").atMost(START_BOUND)
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("instance exited with " + process.exitValue() + ": "
                                    + Files.readString(output));
                        }
                        try {
                            return http.send(HttpRequest.newBuilder(baseUrl.resolve("/health/ready"))
                                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                                    .statusCode() == 200;
                        } catch (IOException e) {
                            return false;
                        }
                    });
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            RUNNING.remove(process);
            throw e;
        }
    }

    /** The location as TOKENKEEPER_DATABASE_URL spells it: a jdbc URL with the user and password as parameters. */
    private static String databaseUrl(DatabaseLocation location) {
        StringBuilder url = new StringBuilder(location.jdbcUrl());
        String separator = location.jdbcUrl().contains("?") ? "&" : "?";
        if (location.user() != null) {
            url.append(separator).append("user=").append(URLEncoder.encode(location.user(), StandardCharsets.UTF_8));
            separator = "&";
        }
        if (location.password() != null) {
            url.append(separator).append("password=")
                    .append(URLEncoder.encode(location.password().reveal(), StandardCharsets.UTF_8));
        }
        return url.toString();
    }

    private static List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(flag -> flag.startsWith("--enable-native-access=")).forEach(command::add);
        String hosts = System.getProperty("jdk.net.hosts.file");
        if (hosts != null) {
            command.add("-Djdk.net.hosts.file=" + hosts);
        }
        command.addAll(List.of("-Dorg.slf4j.simpleLogger.showDateTime=true", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(arguments);
        return command;
    }
}
