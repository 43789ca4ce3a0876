package dev.tokenkeeper.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Per-connection settings fill a provider's URLs, and no value can make them point anywhere the config did not name. */
class ConnectionConfigTest {
    private static final String ZENDESK = """
            {"key": "zendesk", "client_id": "c",
             "authorization_url": "https://{subdomain}.zendesk.com/oauth/authorizations/new",
             "token_url": "https://{subdomain}.zendesk.com/oauth/tokens",
             "api_base_url": "https://{subdomain}.zendesk.com/api/v2",
             "connection_config": {"subdomain": {"description": "acme in acme.zendesk.com",
                                                 "pattern": "[a-z0-9][a-z0-9-]{0,62}"}}}""";
    private static final String SALESFORCE = """
            {"key": "salesforce", "client_id": "c",
             "token_url": "https://login.salesforce.com/services/oauth2/token",
             "api_base_url": "{instance_url}",
             "connection_config": {"instance_url": {"from_token_response": "instance_url",
                                                    "hosts": ["*.salesforce.com", "*.force.com"]}}}""";
    private static final String MICROSOFT = """
            {"key": "entra", "client_id": "c",
             "token_url": "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
             "connection_config": {"tenant": {}}}""";

    @Test
    void forConnection_fillsEveryUrl_withTheConnectionsValues() {
        ProviderConfig zendesk = ProviderConfigJson.read(ZENDESK);
        ProviderConfig salesforce = ProviderConfigJson.read(SALESFORCE);
        ProviderConfig entra = ProviderConfigJson.read(MICROSOFT);

        ProviderConfig acme = zendesk.forConnection(Map.of("subdomain", "acme"));
        ProviderConfig org = salesforce.forConnection(Map.of("instance_url", "https://acme.my.salesforce.com/"));
        ProviderConfig contoso = entra.forConnection(Map.of("tenant", "contoso.onmicrosoft.com"));

        assertThat(acme.tokenUrl()).hasToString("https://acme.zendesk.com/oauth/tokens");
        assertThat(acme.authorizationUrl()).hasToString("https://acme.zendesk.com/oauth/authorizations/new");
        assertThat(acme.apiBaseUrl()).hasToString("https://acme.zendesk.com/api/v2");
        assertThat(org.apiBaseUrl()).hasToString("https://acme.my.salesforce.com");
        assertThat(org.tokenUrl()).hasToString("https://login.salesforce.com/services/oauth2/token");
        assertThat(contoso.tokenUrl())
                .hasToString("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
    }

    @Test
    void theConfig_isWrittenBackWithItsPlaceholders_andReadsAsTheSameConfig() {
        ProviderConfig zendesk = ProviderConfigJson.read(ZENDESK);
        ProviderConfig salesforce = ProviderConfigJson.read(SALESFORCE);

        assertThat(ProviderConfigJson.write(zendesk).path("token_url").asText())
                .isEqualTo("https://{subdomain}.zendesk.com/oauth/tokens");
        assertThat(ProviderConfigJson.write(salesforce).path("api_base_url").asText()).isEqualTo("{instance_url}");
        assertThat(ProviderConfigJson.read(ProviderConfigJson.write(zendesk).put("client_id", "c")))
                .isEqualTo(zendesk);
        assertThat(ProviderConfigJson.read(ProviderConfigJson.write(salesforce).put("client_id", "c")))
                .isEqualTo(salesforce);
    }

    @Test
    void anUnfilledUrl_cannotResolve_soItFailsClosed() {
        ProviderConfig salesforce = ProviderConfigJson.read(SALESFORCE);

        assertThat(salesforce.apiBaseUrl().getHost()).endsWith(".invalid");
        assertThatThrownBy(() -> salesforce.forConnection(Map.of()))
                .isInstanceOfSatisfying(ConnectionConfigException.class,
                        e -> assertThat(e.setting()).isEqualTo("instance_url"))
                .hasMessageContaining("is not set for this connection");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"evil.com/x", "a..b", "a@b", "%2e%2e", "-a", "a b", "a\u0000b", "acme.zendesk.com:1", "a/b",
            "a?b", "a#b", "ACME_1", "", "a\\b", ".", "x.evil.com."})
    void aSubdomain_isRefused_whenItIsNotADnsNameOrBreaksThePattern(String value) {
        ProviderConfig zendesk = ProviderConfigJson.read(ZENDESK);

        assertThatThrownBy(() -> zendesk.forConnection(Map.of("subdomain", value)))
                .isInstanceOf(ConnectionConfigException.class)
                .hasMessageStartingWith("connection_config.subdomain ");
        assertThatThrownBy(() -> zendesk.credentialsWith(Map.of(), Map.of("subdomain", value)))
                .isInstanceOf(ConnectionConfigException.class);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"https://evil.example", "http://acme.my.salesforce.com", "https://salesforce.com.evil.io",
            "https://evilsalesforce.com", "https://acme.my.salesforce.com:8443", "https://u:p@acme.my.salesforce.com",
            "https://acme.my.salesforce.com/path", "https://acme.my.salesforce.com?x=1", "https://169.254.169.254",
            "https://acme.my.salesforce.com#frag", "javascript:alert(1)", "//acme.my.salesforce.com",
            "https://acme.my.salesforce.com@evil.example", "https://127.0.0.1", "https://[::1]", "acme.salesforce.com",
            "https://acme.my.salesforce.com\\@evil.example", "https://xn--80ak6aa92e.salesforce.com.evil.io"})
    void anInstanceUrl_isRefused_unlessItIsAnHttpsOriginOnAnAllowedHost(String value) {
        ProviderConfig salesforce = ProviderConfigJson.read(SALESFORCE);

        assertThatThrownBy(() -> salesforce.forConnection(Map.of("instance_url", value)))
                .isInstanceOf(ConnectionConfigException.class)
                .hasMessageStartingWith("connection_config.instance_url ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            https://api.{region}                         | leading host labels
            https://{region}.com                         | leading host labels
            https://x{subdomain}.zendesk.com             | leading host labels
            https://zendesk.com/a{subdomain}             | whole path segment
            https://zendesk.com/api?site={subdomain}     | whole path segment
            https://{subdomain}@zendesk.com              | leading host labels
            https://zendesk.com/{undeclared}             | does not declare
            {subdomain}/api                              | needs connection_config.subdomain.hosts
            https://tk--x.zendesk.com                    | must not contain
            """)
    void aPlaceholder_isRefused_whereAValueCouldMoveTheHost(String url, String problem) {
        String config = """
                {"key": "p", "client_id": "c", "token_url": "%s", "connection_config": {"subdomain": {}}}"""
                .formatted(url);

        assertThatThrownBy(() -> ProviderConfigJson.read(config))
                .isInstanceOfSatisfying(InvalidProviderConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("token_url"))
                .hasMessageContaining(problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `"connection_config": {"Bad-Name": {}}`                          | connection_config
            `"connection_config": {"x": "a"}`                                | connection_config.x
            `"connection_config": {"x": {"pattern": "("}}`                   | connection_config.x.pattern
            `"connection_config": {"x": {"hosts": "a.example"}}`             | connection_config.x.hosts
            `"connection_config": {"x": {"hosts": [1]}}`                     | connection_config.x.hosts
            `"connection_config": {"x": {"hosts": ["localhost"]}}`           | connection_config.x.hosts
            `"connection_config": {"x": {"colour": "red"}}`                  | connection_config.x.colour
            `"connection_config": {"x": {"from_token_response": "Bad-F"}}`   | connection_config.x.from_token_response
            `"connection_config": {"x": {"default": "a/b"}}`                 | connection_config.x.default
            `"revocation_style": "carrier_pigeon"`                           | revocation_style
            `"token_response": {"refresh_token_idle_seconds": -1}`           | token_response.refresh_token_idle_seconds
            `"token_response": {"refresh_token_ttl_seconds": 0}`             | token_response.refresh_token_ttl_seconds
            """)
    void aBrokenSetting_isRefused_namingItsField(String fields, String field) {
        String config = "{\"key\": \"p\", \"client_id\": \"c\", \"token_url\": \"https://p.example/t\", "
                + fields + "}";

        assertThatThrownBy(() -> ProviderConfigJson.read(config))
                .isInstanceOfSatisfying(InvalidProviderConfigException.class,
                        e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void anOriginSetting_isRefused_elsewhereThanTheWholeOrigin() {
        String config = """
                {"key": "p", "client_id": "c", "token_url": "https://{instance_url}.example.com/t",
                 "connection_config": {"instance_url": {"hosts": ["*.example.com"]}}}""";

        assertThatThrownBy(() -> ProviderConfigJson.read(config))
                .isInstanceOf(InvalidProviderConfigException.class)
                .hasMessageContaining("elsewhere than as the whole origin");
    }

    @Test
    void aDefault_fillsTheUrl_whenTheConnectionNamesNoValue_andMustFollowTheRule() {
        ProviderConfig microsoft = ProviderCatalog.builtIn().configure("microsoft",
                ProviderCatalogTest.json("{\"client_id\": \"c\"}"));

        assertThat(microsoft.forConnection(Map.of()).tokenUrl())
                .hasToString("https://login.microsoftonline.com/common/oauth2/v2.0/token");
        assertThat(microsoft.forConnection(Map.of("tenant", "contoso.onmicrosoft.com")).authorizationUrl())
                .hasToString("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize");
        assertThatThrownBy(() -> ProviderConfigJson.read(MICROSOFT.replace("\"tenant\": {}",
                "\"tenant\": {\"default\": \"../common\"}")))
                .isInstanceOfSatisfying(InvalidProviderConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("connection_config.tenant.default"));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void noGeneratedValue_movesAFilledUrl_offTheHostsTheConfigNames(long seed) {
        ProviderConfig zendesk = ProviderConfigJson.read(ZENDESK.replace("\"pattern\": \"[a-z0-9][a-z0-9-]{0,62}\"",
                "\"hosts\": null"));
        ProviderConfig salesforce = ProviderConfigJson.read(SALESFORCE);
        ProviderConfig entra = ProviderConfigJson.read(MICROSOFT);
        SplittableRandom random = new SplittableRandom(seed);
        String alphabet = "aZ09.-_/\\@:?#%[]{}~!$&'()*+,;= \t\u0000\u00e9\u2215\uff0e";
        int filled = 0;

        for (int i = 0; i < 3000; i++) {
            String tail = randomText(random, alphabet, 1 + random.nextInt(12));
            String prefix = random.nextBoolean() ? "https://" : "";
            String host = random.nextBoolean() ? "acme.my.salesforce.com" : "acme";
            String value = random.nextInt(4) == 0 ? tail : prefix + host + tail;
            filled += hostsStay(() -> zendesk.forConnection(Map.of("subdomain", value)).tokenUrl(),
                    url -> url.getHost().endsWith(".zendesk.com") && url.getPath().equals("/oauth/tokens"));
            filled += hostsStay(() -> salesforce.forConnection(Map.of("instance_url", value)).apiBaseUrl(),
                    url -> "https".equals(url.getScheme()) && url.getHost().endsWith(".salesforce.com")
                            && url.getRawUserInfo() == null && url.getPort() == -1 && url.getRawPath().isEmpty());
            filled += hostsStay(() -> entra.forConnection(Map.of("tenant", value)).tokenUrl(),
                    url -> url.getHost().equals("login.microsoftonline.com")
                            && url.getPath().endsWith("/oauth2/v2.0/token")
                            && url.getPath().split("/").length == 5);
        }

        assertThat(filled).as("some generated values are accepted, so the check has work to do").isPositive();
    }

    /** 1 when the value was accepted and the filled URL kept to the hosts, 0 when it was refused. */
    private static int hostsStay(Supplier<URI> filled,
            Predicate<URI> stays) {
        URI url;
        try {
            url = filled.get();
        } catch (ConnectionConfigException refused) {
            return 0;
        }
        assertThat(stays.test(url)).as(url.toString()).isTrue();
        return 1;
    }

    private static String randomText(SplittableRandom random, String alphabet, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    @Test
    void credentialsWith_namesASettingTheProviderDoesNotHave() {
        ProviderConfig zendesk = ProviderConfigJson.read(ZENDESK);

        assertThatThrownBy(() -> zendesk.credentialsWith(Map.of(), Map.of("tenant", "x")))
                .isInstanceOfSatisfying(ConnectionConfigException.class,
                        e -> assertThat(e.setting()).isEqualTo("tenant"))
                .hasMessageContaining("(subdomain)");
    }
}
