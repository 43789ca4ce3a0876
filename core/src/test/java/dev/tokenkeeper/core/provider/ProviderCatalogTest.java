package dev.tokenkeeper.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ProviderCatalogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProviderCatalog CATALOG = ProviderCatalog.builtIn();
    private static final String SECRET = "s3cr3t-value-7Qx";

    static Stream<CatalogEntry> entries() {
        return CATALOG.entries().stream();
    }

    @Test
    void builtIn_holdsTheRealProviders() {
        assertThat(CATALOG.entries()).extracting(CatalogEntry::key).containsExactly("google", "microsoft",
                "salesforce", "slack", "hubspot", "linear", "github", "notion", "atlassian", "zoom", "dropbox",
                "quickbooks", "xero", "gitlab", "bitbucket", "asana", "miro", "figma", "airtable", "box", "calendly",
                "typeform", "webex", "spotify", "pagerduty", "discord", "canva", "pipedrive", "close", "keap",
                "docusign", "outreach", "salesloft", "linkedin", "twitter", "freshbooks", "sage", "gusto",
                "constant_contact", "gong");
        assertThat(ProviderCatalog.builtIn()).isSameAs(CATALOG);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void everyEntry_configures_whenGivenOnlyAClientIdAndSecret(CatalogEntry entry) {
        ProviderConfig config = CATALOG.configure(entry.key(), json("""
                {"client_id": "client-1", "client_secret": "%s"}""".formatted(SECRET)));

        assertThat(config.key()).isEqualTo(entry.key());
        assertThat(config.clientId()).isEqualTo("client-1");
        assertThat(config.clientSecret().reveal()).isEqualTo(SECRET);
        assertThat(entry.displayName()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void everyUrl_isHttps(CatalogEntry entry) {
        ProviderConfig config = entry.configure(json("{\"client_id\": \"c\"}"));

        assertThat(Stream.of(config.authorizationUrl(), config.tokenUrl(), config.refreshUrl(),
                        config.revocationUrl(), config.apiBaseUrl(), entry.docsUrl())
                .filter(Objects::nonNull))
                .isNotEmpty()
                .allSatisfy(url -> assertThat(url.getScheme()).isEqualTo("https"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void everyTemplate_leavesClientCredentialsToTheUser(CatalogEntry entry) {
        assertThat(entry.template().has("client_id")).isFalse();
        assertThat(entry.template().has("client_secret")).isFalse();
        assertThat(entry.template().get("key").textValue()).isEqualTo(entry.key());
    }

    @Test
    void keys_areUniqueAndValidProviderKeys() {
        assertThat(CATALOG.entries()).extracting(CatalogEntry::key)
                .doesNotHaveDuplicates()
                .allMatch(key -> key.matches("[a-z0-9][a-z0-9_-]{0,62}"));
    }

    @Test
    void configure_keepsTheTemplate_andOverlaysTheUserFields() {
        ProviderConfig google = CATALOG.configure("google", json("""
                {"client_id": "c", "scopes": ["https://www.googleapis.com/auth/drive.readonly"],
                 "rotation": {"reuse_grace_seconds": 60}}"""));

        assertThat(google.scopes()).containsExactly("https://www.googleapis.com/auth/drive.readonly");
        assertThat(google.rotation()).isEqualTo(new RotationSettings(false, Duration.ofSeconds(60)));
        assertThat(google.tokenUrl()).hasToString("https://oauth2.googleapis.com/token");
        assertThat(google.authorizationParams()).containsEntry("access_type", "offline");
        assertThat(google.clientSecret()).isNull();
    }

    @Test
    void configure_readsTheProvidersQuirks() {
        assertThat(configured("slack").scopeSeparator()).isEqualTo(",");
        assertThat(configured("slack").clientAuth()).isEqualTo(ClientAuth.CLIENT_SECRET_BASIC);
        assertThat(configured("github").rotation()).isEqualTo(new RotationSettings(true, Duration.ZERO));
        assertThat(configured("atlassian").rotation()).isEqualTo(new RotationSettings(true, Duration.ofMinutes(10)));
        assertThat(configured("atlassian").authorizationParams()).containsEntry("audience", "api.atlassian.com");
        assertThat(configured("xero").rotation().reuseGrace()).isEqualTo(Duration.ofMinutes(30));
        assertThat(configured("salesforce").tokenResponse().defaultTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(configured("notion").pkce()).isFalse();
        assertThat(configured("microsoft").whoami()).isEqualTo(new WhoamiCheck("GET", "/v1.0/me"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"client_secret": "%s"}                                           | client_id
            {"client_id": "c", "client_secret": "%s", "tokenurl": "x"}        | tokenurl
            {"client_id": "c", "client_secret": "%s", "scopes": "email"}      | scopes
            {"client_id": "c", "client_secret": "%s", "scopes": [7]}          | scopes
            {"client_id": 7, "client_secret": "%s"}                           | client_id
            {"client_id": "c", "client_secret": "%s", "key": "slack"}         | key
            {"client_id": "c", "client_secret": "%s", "pkce": "yes"}          | pkce
            {"client_id": "c", "client_secret": "%s", "rotation": {"grace": 1}} | rotation.grace
            {"client_id": "c", "client_secret": "%s", "token_url": "ftp://x"} | token_url
            ["%s"]                                                            | (body)
            """)
    void configure_namesTheField_andNeverQuotesTheSecret(String fields, String field) {
        assertThatThrownBy(() -> CATALOG.configure("google", json(fields.formatted(SECRET))))
                .isInstanceOfSatisfying(InvalidProviderConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(field + ": ");
                    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                        assertThat(String.valueOf(cause.getMessage())).doesNotContain(SECRET);
                    }
                });
    }

    @Test
    void configure_isAClearError_whenNoBuiltInProviderHasTheKey() {
        assertThat(CATALOG.find("acme")).isEmpty();
        assertThat(CATALOG.find(null)).isEmpty();

        assertThatThrownBy(() -> CATALOG.configure("acme", json("{\"client_id\": \"c\"}")))
                .isInstanceOfSatisfying(InvalidProviderConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("key"))
                .hasMessageContaining("not a built-in provider")
                .hasMessageContaining("google")
                .hasMessageContaining("custom provider needs its full config");
    }

    @Test
    void template_isACopy_thatChangesNothingInTheCatalog() {
        CatalogEntry google = CATALOG.find("google").orElseThrow();

        google.template().put("token_url", "https://evil.example/token");

        assertThat(google.template().get("token_url").textValue()).isEqualTo("https://oauth2.googleapis.com/token");
    }

    @Test
    void configure_leavesTheUserFieldsAsTheyWere() {
        JsonNode fields = json("{\"client_id\": \"c\", \"rotation\": {\"reuse_grace_seconds\": 5}}");
        String before = fields.toString();

        CATALOG.configure("xero", fields);

        assertThat(fields).hasToString(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void toJson_writesTheWholeConfig_thatReadsBackAsTheTemplate(CatalogEntry entry) {
        ObjectNode written = entry.toJson();

        assertThat(written.get("client_id").isNull()).isTrue();
        assertThat(written.get("client_secret_set").booleanValue()).isFalse();
        assertThat(written.has("scope_separator")).isTrue();
        assertThat(ProviderConfigJson.read(written.put("client_id", "c")))
                .isEqualTo(entry.configure(json("{\"client_id\": \"c\"}")));
    }

    @Test
    void toJson_showsTheDefaultsOfFieldsTheTemplateLeavesOut() {
        ObjectNode linear = CATALOG.find("linear").orElseThrow().toJson();

        assertThat(linear.get("refresh_params")).isEqualTo(json("{}"));
        assertThat(linear.get("introspection_url").isNull()).isTrue();
        assertThat(linear.get("token_url").textValue()).isEqualTo("https://api.linear.app/oauth/token");
    }

    @Test
    void entry_hasADocumentationPage() {
        assertThat(CATALOG.find("xero")).map(CatalogEntry::docsUrl)
                .contains(URI.create("https://developer.xero.com/faq/oauth2"));
        assertThat(CATALOG.entries()).extracting(CatalogEntry::docsUrl).doesNotContainNull();
    }

    private static ProviderConfig configured(String key) {
        return CATALOG.configure(key, json("{\"client_id\": \"c\"}"));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
