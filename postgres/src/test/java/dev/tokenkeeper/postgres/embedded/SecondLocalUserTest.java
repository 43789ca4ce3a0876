package dev.tokenkeeper.postgres.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another local OS user cannot log in to the embedded server: not over TCP without the password or with a wrong one,
 * not over a Unix-domain socket (there is none), and it cannot read the password file. Runs {@code psql} as that user
 * through {@code runuser}, so it needs root (as CI and the development machine have) and psql (installed from
 * Debian's packages when missing).
 */
class SecondLocalUserTest {
    private static final String OUTSIDER = "tkoutsider";

    @TempDir
    Path temp;

    @BeforeAll
    static void createTheOtherUser() throws Exception {
        assumeThat(run(List.of("id", "-u"), Map.of()).output().strip()).as("running as root").isEqualTo("0");
        installPsqlIfMissing();
        assumeThat(Files.isExecutable(Path.of("/usr/bin/psql"))).as("psql installed").isTrue();
        if (run(List.of("id", "-u", OUTSIDER), Map.of()).status() != 0) {
            Run added = run(List.of("useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", OUTSIDER), Map.of());
            assertThat(added.status()).as(added.output()).isZero();
        }
    }

    @Test
    void anotherLocalUser_cannotLogIn_withoutThePassword() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(temp.resolve("pg"), 0)) {
            String port = Integer.toString(server.port());
            String password = Files.readString(server.dataDirectory().resolve(SuperuserPassword.FILE_NAME)).strip();

            Run owner = psql(false, "127.0.0.1", port, password);
            Run noPassword = psql(true, "127.0.0.1", port, null);
            Run wrongPassword = psql(true, "127.0.0.1", port, "guessed");
            Run socket = psql(true, "/tmp", port, null);
            Run readFile = run(asOutsider(List.of("cat", SuperuserPassword.file(server.dataDirectory()).toString())),
                    Map.of());

            assertThat(owner.status()).as("the owner, with the password: " + owner.output()).isZero();
            assertThat(owner.output()).contains("tokenkeeper-reachable");
            assertThat(noPassword.status()).as(noPassword.output()).isNotZero();
            assertThat(noPassword.output()).contains("no password supplied");
            assertThat(wrongPassword.status()).as(wrongPassword.output()).isNotZero();
            assertThat(wrongPassword.output()).contains("password authentication failed");
            assertThat(socket.status()).as(socket.output()).isNotZero();
            assertThat(Path.of("/tmp/.s.PGSQL." + port)).doesNotExist();
            assertThat(readFile.status()).as("reading the password file").isNotZero();
            assertThat(readFile.output()).doesNotContain(password);
        }
    }

    private static Run psql(boolean asOutsider, String host, String port, String password) throws Exception {
        List<String> command = List.of("psql", "-w", "-X", "-h", host, "-p", port, "-U", "postgres", "-d", "postgres",
                "-t", "-c", "select 'tokenkeeper-reachable'");
        Map<String, String> environment = password == null ? Map.of() : Map.of("PGPASSWORD", password);
        return run(asOutsider ? asOutsider(command) : command, environment);
    }

    private static List<String> asOutsider(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", OUTSIDER, "--", "env", "-C", "/"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Debian's postgresql-client, installed the first time a machine runs this test (bounded in time). */
    private static void installPsqlIfMissing() throws Exception {
        if (Files.isExecutable(Path.of("/usr/bin/psql"))) {
            return;
        }
        List<String> install = List.of("timeout", "300", "apt-get", "install", "-y", "-q", "postgresql-client");
        if (run(install, Map.of("DEBIAN_FRONTEND", "noninteractive")).status() != 0) {
            run(List.of("timeout", "300", "apt-get", "update", "-q"), Map.of());
            run(install, Map.of("DEBIAN_FRONTEND", "noninteractive"));
        }
    }

    private static Run run(List<String> command, Map<String, String> environment) throws IOException,
            InterruptedException {
        // The output goes to a file, so a command that hangs is stopped by the bound below, not by a blocked read.
        Path output = Files.createTempFile("second-local-user", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().remove("PGPASSWORD");
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(330, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 330 s");
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private record Run(int status, String output) {}
}
