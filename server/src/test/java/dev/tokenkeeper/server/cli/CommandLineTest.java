package dev.tokenkeeper.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.postgres.crypto.KeysetFile;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
    private static TestService service;
    private static IssuedGrant grant;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        service = TestService.start();
        grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        ObjectNode body = ApiClient.object().put("provider", TestService.PROVIDER).put("connection_id", "cli-1");
        body.putObject("credentials").put("access_token", grant.accessToken())
                .put("refresh_token", grant.refreshToken()).put("expires_in", 3600);
        service.api.post("/v1/connections", body);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void connectionsList_printsOneLinePerConnection_withoutTokens() throws IOException {
        CliRun run = CliRun.of(Map.of(), "connections", "list", "--url", service.api.base().toString(),
                "--api-key-file", keyFile().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("cli-1").contains("active");
        assertThat(run.out()).doesNotContain(grant.accessToken()).doesNotContain(grant.refreshToken());
    }

    @Test
    void connectionsRefresh_refreshesAtTheProvider_andShowPrintsTheTimeline() throws IOException {
        long before = service.provider.refreshCount(grant.grantId());

        CliRun refresh = CliRun.of(Map.of("TOKENKEEPER_API_KEY", service.apiKey.reveal()), "connections", "refresh", "cli-1",
                "--url", service.api.base().toString());
        CliRun show = CliRun.of(Map.of(), "connections", "show", "cli-1", "--url", service.api.base().toString(),
                "--api-key-file", keyFile().toString());

        assertThat(refresh.exitCode()).as(refresh.err()).isZero();
        assertThat(refresh.out()).contains("refreshed cli-1; expires at");
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(before + 1);
        assertThat(show.out()).contains("refresh.attempted").contains("\"state\" : \"active\"");
        String current = service.provider.currentAccessToken(grant.grantId()).orElseThrow();
        assertThat(refresh.out() + show.out()).doesNotContain(current);
    }

    @Test
    void connections_exit2WithOneLine_whenTheServiceDoesNotAnswer_orTheKeyIsWrong() throws IOException {
        CliRun dead = CliRun.of(Map.of("TOKENKEEPER_API_KEY", service.apiKey.reveal()), "connections", "list", "--url",
                "http://127.0.0.1:1");
        Files.writeString(temp.resolve("wrong"), "tk_this_key_is_not_known_anywhere");
        CliRun wrongKey = CliRun.of(Map.of(), "connections", "list", "--url", service.api.base().toString(),
                "--api-key-file", temp.resolve("wrong").toString());

        assertThat(dead.exitCode()).isEqualTo(2);
        assertThat(dead.err()).contains("does not answer");
        assertThat(wrongKey.exitCode()).isEqualTo(2);
        assertThat(wrongKey.err()).contains("401 unauthorized");
    }

    @Test
    void serve_exit2NamingTheVariable_whenASettingIsBad() {
        CliRun run = CliRun.of(Map.of("TOKENKEEPER_PORT", "eighty"), "serve");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("TOKENKEEPER_PORT");
    }

    @Test
    void migrateAndKeysRotate_workOnAnExternalDatabase_andTheServiceStillReadsItsTokens() {
        Map<String, String> environment = Map.of(
                "TOKENKEEPER_DATABASE_URL", service.tokenkeeper.parts().storage().database().jdbcUrl(),
                "TOKENKEEPER_KEYSET", service.dataDirectory().resolve(KeysetFile.GENERATED_FILE_NAME).toString(),
                "TOKENKEEPER_DATA_DIR", temp.toString());

        CliRun migrate = CliRun.of(environment, "migrate");
        CliRun rotate = CliRun.of(environment, "keys", "rotate");

        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        assertThat(migrate.out()).contains("migrated: external PostgreSQL");
        assertThat(rotate.exitCode()).as(rotate.err()).isZero();
        assertThat(rotate.out()).contains("new primary key").contains("0 remaining, 0 undecryptable");
        assertThat(service.api.post("/v1/connections/cli-1/token", null).status()).isEqualTo(200);
    }

    private Path keyFile() throws IOException {
        Path file = temp.resolve("key");
        Files.writeString(file, service.apiKey.reveal());
        return file;
    }

}
