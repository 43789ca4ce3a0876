package dev.tokenkeeper.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@code serve} refuses before it starts anything, and the version, through {@link Main#run}. */
class ServeRefusalsTest {
    @TempDir
    Path temp;

    @Test
    void serve_exits2WithOneLineNamingThePort_andStartsNothing_whenThePortIsTaken() throws IOException {
        Path data = temp.resolve("data");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            // Before the fix serve started the database and the scheduler, logged a BindException and ran on with no
            // listener: the run would never end, hence a bound.
            CompletableFuture<CliRun> serve = CompletableFuture.supplyAsync(() -> CliRun.of(Map.of(
                    "TOKENKEEPER_DATA_DIR", data.toString(), "TOKENKEEPER_PORT", Integer.toString(port)), "serve"));
            await().atMost(Duration.ofMinutes(2)).until(serve::isDone);
            CliRun run = serve.join();

            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err().lines()).singleElement().asString()
                    .startsWith("tokenkeeper: TOKENKEEPER_PORT: port " + port + " on 127.0.0.1 is already in use")
                    .contains("TOKENKEEPER_PORT");
            assertThat(run.out()).doesNotContain("running at");
            assertThat(data).as("no database, keyset or key was created").satisfies(
                    directory -> assertThat(Files.exists(directory.resolve("postgres"))).isFalse());
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "TOKENKEEPER_CONNECTION_CACHE_SIZE|-1",
        "TOKENKEEPER_CONNECTION_CACHE_TTL|2h",
        "TOKENKEEPER_REFRESH_AHEAD|0"})
    void serve_exits2WithOneLineNamingTheVariable_andStartsNothing_whenATokenPathSettingIsBad(String variable,
            String value) {
        Path data = temp.resolve("data");
        // Before the token path was read with the other settings, the cache size came from the process's own
        // environment, not the one given: serve started and ran on, hence a bound.
        CompletableFuture<CliRun> serve = CompletableFuture.supplyAsync(() -> CliRun.of(Map.of(
                "TOKENKEEPER_DATA_DIR", data.toString(), "TOKENKEEPER_PORT", "0", variable, value), "serve"));
        await().atMost(Duration.ofMinutes(2)).until(serve::isDone);
        CliRun run = serve.join();

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString().startsWith("tokenkeeper: " + variable + ": ")
                .contains(value);
        assertThat(run.out()).doesNotContain("running at");
        assertThat(Files.exists(data.resolve("postgres"))).as("no database was created").isFalse();
    }

    @Test
    void anyCommand_exits2WithOneLineNamingTheVariable_whenTheLogFormatIsUnknown() {
        CliRun run = CliRun.of(Map.of("TOKENKEEPER_LOG_FORMAT", "yaml", "TOKENKEEPER_DATA_DIR", temp.toString()),
                "migrate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString()
                .isEqualTo("tokenkeeper: TOKENKEEPER_LOG_FORMAT: must be human or json, not 'yaml'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void versionOptionAndCommand_printTheProjectVersion_andExit0() {
        CliRun option = CliRun.of(Map.of(), "--version");
        CliRun command = CliRun.of(Map.of(), "version");

        assertThat(option.exitCode()).isZero();
        assertThat(option.out().strip()).matches("tokenkeeper \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(command.exitCode()).isZero();
        assertThat(command.out()).isEqualTo(option.out());
    }

}
