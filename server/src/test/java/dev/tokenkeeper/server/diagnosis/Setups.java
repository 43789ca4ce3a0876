package dev.tokenkeeper.server.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServerSettings;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.QuirkScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One broken-setup exam's fixture: a real service and its fake provider on one settable clock, and the operator's
 * moves through the public HTTP API only — register a (broken) provider config, import or connect a grant, refresh,
 * read the connection and diagnose it — with the assertion every setup ends with: the verdict names the cause.
 */
final class Setups implements BeforeAllCallback, AfterAllCallback {
    static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    static final Map<String, String> HTML = Map.of("Content-Type", "text/html; charset=utf-8");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final SettableClock clock = new SettableClock();
    /** The fake provider's clock: the same as Tokenkeeper's unless a setup skews them apart. */
    final SettableClock providerClock;
    private final UnaryOperator<ServerSettings> settings;
    private TestService service;

    Setups() {
        this(UnaryOperator.identity());
    }

    Setups(UnaryOperator<ServerSettings> settings) {
        this(settings, null);
    }

    /** A fixture whose fake provider's clock runs {@code providerBehind} behind Tokenkeeper's (a skewed host). */
    static Setups withProviderClockBehind(Duration providerBehind) {
        return new Setups(UnaryOperator.identity(), providerBehind);
    }

    private Setups(UnaryOperator<ServerSettings> settings, Duration providerBehind) {
        this.settings = settings;
        if (providerBehind == null) {
            this.providerClock = clock;
        } else {
            this.providerClock = new SettableClock(clock);
            this.providerClock.advance(providerBehind.negated());
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        service = TestService.start(clock, providerClock, false, UnaryOperator.identity(), settings);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        service.close();
    }

    TestService service() {
        return service;
    }

    FakeProvider provider() {
        return service.provider;
    }

    ApiClient api() {
        return service.api;
    }

    /** A name no other setup of this JVM uses (provider keys and connection ids). */
    static String unique(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    // ---- provider configs -----------------------------------------------------------------------------------------

    /** The fake provider's working config under {@code key}, as an operator would PUT it, whoami included. */
    ObjectNode config(String key) {
        FakeProvider fake = provider();
        ObjectNode config = ApiClient.object();
        config.put("authorization_url", fake.authorizationUrl().toString());
        config.put("token_url", fake.tokenUrl().toString());
        config.put("api_base_url", fake.apiBaseUrl().toString());
        config.put("client_id", FakeProvider.DEFAULT_CLIENT_ID);
        config.put("client_secret", FakeProvider.DEFAULT_CLIENT_SECRET);
        config.put("client_auth", "client_secret_basic");
        config.putObject("whoami").put("method", "GET").put("path", "/me");
        config.put("key", key);
        return config;
    }

    /** Registers a new provider: the fake's working config changed by {@code mistake}; returns its key. */
    String provider(UnaryOperator<ObjectNode> mistake) {
        String key = unique("p");
        put(mistake.apply(config(key)));
        return key;
    }

    /** PUT /v1/providers/{key}; asserts it was stored. */
    void put(ObjectNode config) {
        Answer put = api().put("/v1/providers/" + config.path("key").asText(), config);
        assertThat(put.status()).as(put.text()).isIn(200, 201);
    }

    // ---- connections ----------------------------------------------------------------------------------------------

    /** A connection imported from a grant of the fake provider. */
    record Imported(String id, IssuedGrant grant, QuirkScope quirks) {}

    /**
     * A new grant at the fake provider, imported as a new connection of {@code providerKey} with an access token
     * that expires in {@code expiresIn} seconds; its quirks are that grant's alone.
     */
    Imported importNew(String providerKey, long expiresIn) {
        IssuedGrant grant = provider().issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        String id = importGrant(providerKey, grant, expiresIn);
        return new Imported(id, grant, provider().grantQuirks(grant.grantId()));
    }

    /** As {@link #importNew(String, long)} with an hour-long access token. */
    Imported importNew(String providerKey) {
        return importNew(providerKey, 3600);
    }

    String importGrant(String providerKey, IssuedGrant grant, long expiresIn) {
        ObjectNode credentials = ApiClient.object().put("access_token", grant.accessToken())
                .put("refresh_token", grant.refreshToken()).put("expires_in", expiresIn);
        return importCredentials(providerKey, credentials);
    }

    /** Imports these credentials as a new connection of {@code providerKey}; asserts the 201; returns its id. */
    String importCredentials(String providerKey, ObjectNode credentials) {
        String id = unique("c");
        ObjectNode body = ApiClient.object().put("provider", providerKey).put("connection_id", id);
        body.set("credentials", credentials);
        Answer created = api().post("/v1/connections", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return id;
    }

    /**
     * Another copy of a grant at work: refreshes {@code refreshToken} at the fake provider directly, as a second
     * client holding the same grant would; returns the provider's answer.
     */
    JsonNode refreshElsewhere(String refreshToken) {
        String form = "grant_type=refresh_token&refresh_token=" + URLEncoder.encode(refreshToken,
                StandardCharsets.UTF_8);
        String basic = Base64.getEncoder().encodeToString((FakeProvider.DEFAULT_CLIENT_ID + ":"
                + FakeProvider.DEFAULT_CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Answer answer = api().send(HttpRequest.newBuilder(provider().tokenUrl())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    /** What the fake provider's {@code GET /me} says about an access token (its {@code grant_id}, {@code sub}). */
    JsonNode whoAmI(String accessToken) {
        Answer me = api().send(HttpRequest.newBuilder(provider().apiBaseUrl().resolve("/me"))
                .header("Authorization", "Bearer " + accessToken).GET());
        assertThat(me.status()).as(me.text()).isEqualTo(200);
        return me.json();
    }

    /** The grant at the fake provider behind a connection's current access token. */
    String grantIdOf(String connectionId) {
        Answer token = token(connectionId);
        assertThat(token.status()).as(token.text()).isEqualTo(200);
        return whoAmI(token.json().path("access_token").asText()).path("grant_id").asText();
    }

    Answer refresh(String id) {
        return api().post("/v1/connections/" + id + "/refresh", null);
    }

    Answer token(String id) {
        return api().post("/v1/connections/" + id + "/token", null);
    }

    JsonNode connection(String id) {
        Answer got = api().get("/v1/connections/" + id);
        assertThat(got.status()).as(got.text()).isEqualTo(200);
        return got.json();
    }

    JsonNode diagnose(String id) {
        Answer diagnosed = api().post("/v1/connections/" + id + "/diagnose", null);
        assertThat(diagnosed.status()).as(diagnosed.text()).isEqualTo(200);
        return diagnosed.json();
    }

    /** The types of the connection's timeline, oldest first. */
    List<String> eventTypes(String id) {
        List<String> types = new ArrayList<>();
        events(id).forEach(event -> types.add(event.path("type").asText()));
        return types;
    }

    JsonNode events(String id) {
        Answer events = api().get("/v1/connections/" + id + "/events");
        assertThat(events.status()).as(events.text()).isEqualTo(200);
        return events.json().path("events");
    }

    // ---- the verdict ----------------------------------------------------------------------------------------------

    /** What a broken setup must be diagnosed as. */
    static Verdict expect(String state, Cause cause) {
        return new Verdict(state, cause, cause, cause, null, List.of());
    }

    /**
     * The expected verdict: the connection's {@code state} and {@code cause} (null: not asserted, for what only a
     * diagnosis finds out), {@code last_error.cause} (null: not asserted), the diagnosis's cause, the word the fix
     * must name (a field, a setting or an action), and words the evidence must contain (the provider's own, the
     * host called…).
     */
    record Verdict(String state, Cause connectionCause, Cause lastErrorCause, Cause cause, String fixNames,
            List<String> evidence) {
        Verdict lastError(Cause lastError) {
            return new Verdict(state, connectionCause, lastError, cause, fixNames, evidence);
        }

        Verdict noLastError() {
            return lastError(null);
        }

        /** Only the diagnosis finds this cause out (an API check, a parse note): the connection's is not asserted. */
        Verdict foundByDiagnosisOnly() {
            return new Verdict(state, null, null, cause, fixNames, evidence);
        }

        Verdict fixNames(String word) {
            return new Verdict(state, connectionCause, lastErrorCause, cause, word, evidence);
        }

        Verdict evidence(String... words) {
            return new Verdict(state, connectionCause, lastErrorCause, cause, fixNames, List.of(words));
        }
    }

    /**
     * Asserts the verdict from the connection ({@code state}, {@code cause}, {@code last_error.cause}), from its
     * provider's health when the fault lies in the provider config, and from its diagnosis ({@code zone}, {@code cause}, {@code actor}, a {@code fix} naming the field, non-empty
     * {@code evidence} with the expected words); returns the diagnosis.
     */
    JsonNode assertVerdict(String id, Verdict expected) {
        JsonNode connection = connection(id);
        assertThat(connection.path("state").asText()).as("state of %s", connection).isEqualTo(expected.state());
        if (expected.connectionCause() != null) {
            assertThat(connection.path("cause").asText()).as("cause of %s", connection)
                    .isEqualTo(expected.connectionCause().code());
        }
        if (expected.lastErrorCause() != null) {
            assertThat(connection.path("last_error").path("cause").asText()).as("last_error.cause of %s", connection)
                    .isEqualTo(expected.lastErrorCause().code());
        }
        if (expected.state().equals("misconfigured") && expected.cause().providerWide()) {
            assertProviderHealth(connection.path("provider").asText(), expected.cause());
        }
        JsonNode report = diagnose(id);
        assertThat(report.path("cause").asText()).as("diagnosis %s", report).isEqualTo(expected.cause().code());
        assertThat(report.path("zone").asText()).as("diagnosis %s", report)
                .isEqualTo(expected.cause().zone().wireName());
        assertThat(report.path("actor").asText()).as("diagnosis %s", report)
                .isEqualTo(expected.cause().actor().wireName());
        if (expected.fixNames() != null) {
            assertThat(report.path("fix").asText()).as("fix of %s", report).contains(expected.fixNames());
        }
        assertThat(report.path("evidence").isArray() && !report.path("evidence").isEmpty())
                .as("evidence of %s", report).isTrue();
        String evidence = report.path("evidence").toString();
        for (String word : expected.evidence()) {
            assertThat(evidence).as("evidence of %s", report).contains(word);
        }
        return report;
    }

    /** A fault in the provider config marks the provider itself misconfigured, with the same cause. */
    void assertProviderHealth(String providerKey, Cause cause) {
        JsonNode health = api().get("/v1/providers/" + providerKey).json().path("health");
        assertThat(health.path("state").asText()).as("health of %s: %s", providerKey, health)
                .isEqualTo("misconfigured");
        assertThat(health.path("cause").asText()).as("health of %s: %s", providerKey, health)
                .isEqualTo(cause.code());
    }

    /** The user's browser, going through the connect flow of this service. */
    UserBrowser browser() {
        return new UserBrowser(api());
    }
}
