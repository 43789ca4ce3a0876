package dev.tokenkeeper.server.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A delete whose revocation the provider refused (503) keeps the revocation as durable work, its token encrypted in
 * the table, and revokes once the provider heals: exactly one successful call, with the right token.
 */
class DeleteRevocationRetryTest {
    private static final AtomicBoolean broken = new AtomicBoolean(true);
    /** Each call to the stub revocation endpoint: its form body, and the status it was answered. */
    private static final List<String> calls = new CopyOnWriteArrayList<>();
    private static HttpServer revocationEndpoint;
    private static TestService service;

    @BeforeAll
    static void start() throws IOException {
        revocationEndpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        revocationEndpoint.createContext("/revoke", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = broken.get() ? 503 : 200;
            calls.add(status + " " + URLDecoder.decode(body, StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        revocationEndpoint.start();
        URI revokeUrl = URI.create("http://127.0.0.1:" + revocationEndpoint.getAddress().getPort() + "/revoke");
        service = TestService.start(false, config -> config.revocationUrl(revokeUrl));
    }

    @AfterAll
    static void stop() {
        service.close();
        revocationEndpoint.stop(0);
    }

    @BeforeEach
    void brokenProviderAndNothingPending() {
        broken.set(true);
        calls.clear();
        TestDatabases.emptyTable(database(), "revocations");
    }

    @Test
    void anUnstoredGrant_whoseRevocationFails_isKeptAsDurableWork() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        TokenSet tokens = new TokenSet(Secret.of(grant.accessToken()), Secret.of(grant.refreshToken()), "Bearer",
                Instant.now(), Instant.now().plusSeconds(3600), List.of(), Map.of());

        Revocation.Report report = service.tokenkeeper.parts().connections().revokeUnstored(TestService.PROVIDER,
                "never-stored", tokens);

        assertThat(report.state()).isEqualTo("pending");
        assertThat(calls).hasSize(1);
        assertThat(storedRows()).singleElement().satisfies(row -> assertThat(row).contains("never-stored")
                .doesNotContain(grant.refreshToken()));
    }

    @Test
    void delete_keepsAFailedRevocationEncrypted_andRevokesExactlyOnce_afterTheProviderHeals() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        JsonNode body = ApiClient.object().put("provider", TestService.PROVIDER).put("connection_id", "gone-1")
                .set("credentials", ApiClient.object().put("access_token", grant.accessToken())
                        .put("refresh_token", grant.refreshToken()).put("expires_in", 3600));
        assertThat(service.api.post("/v1/connections", body).status()).isEqualTo(201);

        JsonNode deleted = service.api.delete("/v1/connections/gone-1").json();

        JsonNode revocation = deleted.path("revocation");
        assertThat(revocation.path("state").asText()).isEqualTo("pending");
        assertThat(revocation.path("last_error").asText()).isEqualTo("status 503");
        assertThat(revocation.path("next_attempt_at").asText()).isNotEmpty();
        assertThat(revocation.path("give_up_at").asText()).isNotEmpty();
        assertThat(calls).hasSize(1);
        assertThat(storedRows()).hasSize(1).allSatisfy(row -> assertThat(row).doesNotContain(grant.refreshToken()));
        assertThat(storedToken()).isNotEmpty().asString(StandardCharsets.ISO_8859_1)
                .doesNotContain(grant.refreshToken());

        broken.set(false);
        makeDue();

        await().atMost(Duration.ofSeconds(60)).until(() -> storedRows().isEmpty());
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(30)).until(() -> calls.size() == 2);
        assertThat(calls.get(1)).startsWith("200 ").contains("token=" + grant.refreshToken())
                .contains("token_type_hint=refresh_token");
        assertThat(calls.stream().filter(call -> call.startsWith("200 "))).hasSize(1);
    }

    private static PostgresDatabase database() {
        return service.tokenkeeper.parts().storage().database();
    }

    /** Every stored revocation as one text line of all its columns. */
    private static List<String> storedRows() {
        return database().withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select r::text from revocations r");
                    ResultSet rows = select.executeQuery()) {
                List<String> lines = new java.util.ArrayList<>();
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
                return lines;
            }
        });
    }

    private static byte[] storedToken() {
        return database().withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select token from revocations");
                    ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBytes(1);
            }
        });
    }

    private static void makeDue() {
        database().withConnection(db -> {
            try (PreparedStatement due = db.prepareStatement(
                    "update revocations set next_attempt_at = clock_timestamp()")) {
                return due.executeUpdate();
            }
        });
    }
}
