package dev.tokenkeeper.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkeeper.server.TestService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees in the terminal, from the real command line in its own JVM (real environment, real logging
 * configuration): the commands' results and the few lines that matter, not the libraries' start-up chatter.
 */
class TerminalOutputTest {
    /**
     * Before Logback, {@code serve} on an existing data directory printed 62 lines between start and stop (initdb's and
     * PostgreSQL's output, Flyway's, the pool's, Helidon's, "Did not clean up directory"); now the banner (7 lines) and
     * a few of the service's own: where the database listens, the keyset warning, the key in use, the scheduler.
     */
    private static final int MOST_SERVE_LINES = 15;
    private static final int MOST_MIGRATE_LOG_LINES = 4;
    /** Loggers of the libraries whose INFO lines used to fill the terminal (the human format shows the short name). */
    private static final Pattern LIBRARY_INFO = Pattern.compile(" INFO +(EmbeddedPostgres|DefaultPostgresBinaryResolver"
            + "|FlywayExecutor|DbValidate|DbMigrate|DefaultSqlScriptExecutor|JdbcTableSchemaHistory|HikariDataSource"
            + "|HikariPool|HelidonFeatures|ServerListener|LoomServer) - ");
    private static final Pattern HUMAN_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO |WARN"
            + " |ERROR) \\S+ - .*");

    @TempDir
    Path temp;

    @Test
    void migrateThenServe_onTheDefaultEmbeddedDatabase_printOnlyWhatAPersonNeeds() throws IOException {
        int port = TestService.freePort();
        Map<String, String> environment = Map.of("TOKENKEEPER_DATA_DIR", temp.resolve("data").toString(),
                "TOKENKEEPER_PORT", Integer.toString(port));

        CliProcess.Result migrate = CliProcess.run(environment, "migrate");
        CliProcess.Result serve;
        try (CliProcess running = CliProcess.start(environment, "serve")) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> running.out().contains("Stop with Ctrl-C."));
            serve = running.stop();
        }

        assertThat(migrate.exitCode()).as(migrate.err().toString()).isZero();
        assertThat(migrate.out()).singleElement().asString().startsWith("migrated: embedded PostgreSQL");
        assertThat(migrate.err()).hasSizeLessThanOrEqualTo(MOST_MIGRATE_LOG_LINES).allMatch(HUMAN_LINE.asMatchPredicate());
        assertThat(serve.out()).contains("Tokenkeeper is running at http://127.0.0.1:" + port,
                "  OAuth callback: http://127.0.0.1:" + port + "/oauth/callback");
        assertThat(serve.out()).anyMatch(line -> line.startsWith("  admin API key:  in "));
        assertThat(serve.err()).allMatch(HUMAN_LINE.asMatchPredicate());
        List<String> everything = new ArrayList<>(serve.out());
        everything.addAll(serve.err());
        everything.addAll(migrate.err());
        assertThat(everything).noneMatch(line -> LIBRARY_INFO.matcher(line).find())
                .noneMatch(line -> line.contains("Did not clean up directory"))
                .noneMatch(line -> line.contains("initdb") || line.contains("+--------+"));
        assertThat(serve.out().size() + serve.err().size()).as(String.join("\n", everything))
                .isLessThanOrEqualTo(MOST_SERVE_LINES);
    }

    @Test
    void migrate_withJsonLogs_writesEachLogLineAsOneJsonObject_andItsResultOnStandardOutput() throws IOException {
        Map<String, String> environment = Map.of("TOKENKEEPER_DATA_DIR", temp.resolve("data").toString(),
                "TOKENKEEPER_LOG_FORMAT", "json");

        CliProcess.Result migrate = CliProcess.run(environment, "migrate");

        assertThat(migrate.exitCode()).as(migrate.err().toString()).isZero();
        assertThat(migrate.out()).singleElement().asString().startsWith("migrated: ");
        assertThat(migrate.err()).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        for (String line : migrate.err()) {
            JsonNode object = json.readTree(line);
            assertThat(object.isObject()).as(line).isTrue();
            assertThat(object.path("time").asText()).as(line).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(object.path("level").asText()).as(line).isIn("INFO", "WARN", "ERROR");
            assertThat(object.path("logger").asText()).as(line).isNotBlank();
            assertThat(object.path("message").asText()).as(line).isNotBlank();
        }
    }

    @Test
    void version_printsTheBuildsVersion_andExits0() {
        CliProcess.Result version = CliProcess.run(Map.of(), "--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).singleElement().asString().matches("tokenkeeper \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(version.err()).isEmpty();
    }
}
