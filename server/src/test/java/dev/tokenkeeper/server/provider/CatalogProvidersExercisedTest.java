package dev.tokenkeeper.server.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.provider.CatalogEntry;
import dev.tokenkeeper.core.provider.ErrorExample;
import dev.tokenkeeper.core.provider.ProviderCatalog;
import dev.tokenkeeper.core.provider.RefreshExample;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in provider is exercised, not only parsed: a real service uses the catalog entry (its client
 * authentication, rotation, expiry format, error expression, whoami) against the fake provider configured with the
 * behaviour the entry documents, through refresh, the documented answers, failure mapping and whoami.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogProvidersExercisedTest {
    private static final ProviderCatalog CATALOG = ProviderCatalog.builtIn();
    /** Fewest built-in providers the README promises. */
    private static final int PROMISED = 40;

    private final AtomicInteger connections = new AtomicInteger();
    private TestService service;
    private ApiClient api;

    @BeforeAll
    void start() {
        service = TestService.start();
        api = service.api;
        CATALOG.entries().forEach(entry -> CatalogFakes.configure(service.provider, entry));
        CATALOG.entries().forEach(entry -> {
            Answer configured = api.put("/v1/providers/" + entry.key(), CatalogFakes.overrides(service.provider, entry));
            assertThat(configured.status()).as(entry.key() + ": " + configured.text()).isIn(200, 201);
        });
    }

    @AfterAll
    void stop() {
        service.close();
    }

    static Stream<CatalogEntry> entries() {
        return CATALOG.entries().stream();
    }

    @Test
    void theCatalog_holdsAtLeastTheProvidersTheReadmePromises_eachWithItsDocumentedAnswers() {
        assertThat(CATALOG.entries()).hasSizeGreaterThanOrEqualTo(PROMISED);
        assertThat(CATALOG.entries()).allSatisfy(entry -> {
            assertThat(entry.refreshExample()).as(entry.key() + " refresh_example").isNotNull();
            assertThat(entry.examples()).as(entry.key() + " examples").isNotEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void refresh_keepsTheGrantAlive_asTheProviderRotatesAndAuthenticatesItsClient(CatalogEntry entry) {
        IssuedGrant grant = service.provider.issueGrant(CatalogFakes.clientId(entry));
        String id = importGrant(entry, grant);

        Answer first = api.post("/v1/connections/" + id + "/refresh", null);
        Answer second = api.post("/v1/connections/" + id + "/refresh", null);

        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(second.status()).as("a second refresh with the refresh token kept: " + second.text())
                .isEqualTo(200);
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(2);
        assertThat(second.json().path("access_token").asText())
                .isEqualTo(service.provider.currentAccessToken(grant.grantId()).orElseThrow());
        assertThat(service.provider.revocationOf(grant.grantId())).as("no reuse of a rotated refresh token").isEmpty();
        if (!CatalogFakes.returnsRefreshToken(entry)) {
            assertThat(CatalogFakes.rotates(entry)).as("rotates_refresh_token, for a provider whose documented"
                    + " answer keeps the refresh token").isFalse();
        }
        assertLifetime(api.get("/v1/connections/" + id).json(), CatalogFakes.lifetime(entry));
    }

    private static void assertLifetime(JsonNode connection, Duration expected) {
        if (expected == null) {
            assertThat(connection.path("expires_at").isNull()).as("no lifetime stated, none assumed").isTrue();
            return;
        }
        Duration lifetime = Duration.between(Instant.parse(connection.path("last_refreshed_at").asText()),
                Instant.parse(connection.path("expires_at").asText()));
        assertThat(lifetime).as("the access token's lifetime as the provider states it")
                .isBetween(expected.minusSeconds(5), expected.plusSeconds(5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void refresh_needsTheUserAgain_whenTheProviderHasRevokedTheGrant(CatalogEntry entry) {
        IssuedGrant grant = service.provider.issueGrant(CatalogFakes.clientId(entry));
        String id = importGrant(entry, grant);
        service.provider.revokeGrant(grant.grantId());

        Answer refresh = api.post("/v1/connections/" + id + "/refresh", null);

        assertThat(refresh.status()).as(refresh.text()).isEqualTo(409);
        assertThat(refresh.json().path("code").asText()).isEqualTo("needs_reauth");
        assertThat(api.get("/v1/connections/" + id).json().path("state").asText()).isEqualTo("needs_reauth");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void theDocumentedRefreshAnswer_givesAFreshTokenWithItsLifetime_andKeepsTheRefreshToken(CatalogEntry entry) {
        RefreshExample example = entry.refreshExample();
        IssuedGrant grant = service.provider.issueGrant(CatalogFakes.clientId(entry));
        String id = importGrant(entry, grant);
        service.provider.grantQuirks(grant.grantId()).failNextTokenRequests(1, 200,
                Map.of("Content-Type", example.contentType()), example.body());

        Answer refresh = api.post("/v1/connections/" + id + "/refresh", null);

        assertThat(refresh.status()).as(refresh.text()).isEqualTo(200);
        assertThat(refresh.json().path("access_token").asText())
                .isEqualTo(CatalogFakes.field(example, "access_token"));
        JsonNode connection = api.get("/v1/connections/" + id).json();
        assertThat(connection.path("state").asText()).isEqualTo("active");
        assertThat(connection.path("has_refresh_token").asBoolean()).as("the refresh token is kept or replaced")
                .isTrue();
        assertLifetime(connection, example.lifetime());
        assertThat(refresh.text()).doesNotContain(grant.refreshToken());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void everyDocumentedError_isBlamedOnItsCause_afterOneCall(CatalogEntry entry) {
        assertThat(entry.examples()).allSatisfy(example -> {
            IssuedGrant grant = service.provider.issueGrant(CatalogFakes.clientId(entry));
            String id = importGrant(entry, grant);
            service.provider.grantQuirks(grant.grantId()).failNextTokenRequests(1, example.status(),
                    Map.of("Content-Type", example.contentType()), example.body());
            long before = service.provider.tokenRequestCount();

            Answer refresh = api.post("/v1/connections/" + id + "/refresh", null);
            api.post("/v1/connections/" + id + "/token", null);

            String what = entry.key() + " " + example.status() + " " + example.body();
            assertThat(refresh.json().path("code").asText()).as(what).isEqualTo(expectedCode(example));
            assertThat(service.provider.tokenRequestCount() - before)
                    .as(what + ": one call, and none for the token asked for after it").isEqualTo(1);
            JsonNode connection = api.get("/v1/connections/" + id).json();
            assertThat(connection.path("last_error").path("class").asText()).as(what)
                    .isEqualTo(example.failureClass().wireName());
            assertThat(connection.path("cause").asText()).as(what).isEqualTo(example.cause().code());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void whoami_provesTheRefreshedToken_atThePathTheCatalogNames(CatalogEntry entry) {
        IssuedGrant grant = service.provider.issueGrant(CatalogFakes.clientId(entry));
        String id = importGrant(entry, grant);
        api.post("/v1/connections/" + id + "/refresh", null);
        long before = service.provider.resourceRequestCount();

        Answer report = api.post("/v1/connections/" + id + "/diagnose", null);

        assertThat(report.status()).as(report.text()).isEqualTo(200);
        JsonNode whoami = check(report.json(), "whoami");
        if (CatalogFakes.hasWhoami(entry)) {
            assertThat(whoami.path("status").asText()).as(whoami.toString()).isEqualTo("pass");
            assertThat(service.provider.resourceRequestCount() - before).isEqualTo(1);
            assertThat(report.json().path("cause").asText()).isEqualTo("none");
        } else {
            assertThat(whoami.path("status").asText()).isEqualTo("skip");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void delete_revokesTheGrant_theWayTheProviderTakesTheToken(CatalogEntry entry) {
        IssuedGrant grant = service.provider.issueGrant(CatalogFakes.clientId(entry));
        String id = importGrant(entry, grant);

        Answer deleted = api.delete("/v1/connections/" + id);

        assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
        if (entry.template().path("revocation_url").isTextual()) {
            assertThat(deleted.json().path("revocation").path("state").asText()).as(deleted.text())
                    .isEqualTo("revoked");
            assertThat(service.provider.revocationOf(grant.grantId())).as("the whole grant ended").isPresent();
        } else {
            assertThat(deleted.json().path("revocation").path("state").asText()).isEqualTo("not_supported");
        }
    }

    private static JsonNode check(JsonNode report, String name) {
        for (JsonNode check : report.path("checks")) {
            if (name.equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no " + name + " check in " + report);
    }

    private static String expectedCode(ErrorExample example) {
        return switch (example.failureClass()) {
            case NEEDS_REAUTH -> "needs_reauth";
            case MISCONFIGURED -> "misconfigured";
            case RETRYABLE -> "refresh_failed";
        };
    }

    /** Imports the grant as a connection of the entry's provider whose access token expires in an hour. */
    private String importGrant(CatalogEntry entry, IssuedGrant grant) {
        String id = entry.key() + "-" + connections.incrementAndGet();
        ObjectNode body = ApiClient.object();
        body.put("provider", entry.key());
        body.put("connection_id", id);
        ObjectNode credentials = body.putObject("credentials");
        credentials.put("access_token", grant.accessToken());
        credentials.put("refresh_token", grant.refreshToken());
        credentials.put("expires_in", 3600);
        Answer created = api.post("/v1/connections", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return id;
    }
}
