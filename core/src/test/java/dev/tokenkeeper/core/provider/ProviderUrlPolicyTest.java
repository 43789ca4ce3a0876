package dev.tokenkeeper.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.token.Secret;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every provider URL field against a corpus of hostile URLs, with {@code TOKENKEEPER_ALLOW_PRIVATE_URLS} off and on:
 * what is refused always, what only without the setting, and what is always fine.
 */
class ProviderUrlPolicyTest {
    /** Tokenkeeper's own listener in these tests. */
    private static final int OWN_PORT = 7780;
    /** Names the fake resolver knows; any other name does not resolve. */
    private static final Map<String, String> DNS = Map.of(
            "api.example.com", "93.184.216.34",
            "rebound.example.com", "169.254.169.254",
            "inside.example.com", "10.1.2.3",
            "v6-metadata.example.com", "fd00:ec2::254",
            "keeper.example.com", "203.0.113.7");

    private static final List<BiFunction<ProviderConfig.Builder, URI, ProviderConfig.Builder>> FIELDS = List.of(
            ProviderConfig.Builder::authorizationUrl, ProviderConfig.Builder::tokenUrl,
            ProviderConfig.Builder::refreshUrl, ProviderConfig.Builder::revocationUrl,
            ProviderConfig.Builder::apiBaseUrl, ProviderConfig.Builder::introspectionUrl);
    private static final List<String> FIELD_NAMES = List.of("authorization_url", "token_url", "refresh_url",
            "revocation_url", "api_base_url", "introspection_url");

    /** Refused whatever the setting says. */
    private static final List<String> ALWAYS_REFUSED = List.of(
            "http://169.254.169.254/latest/meta-data/",
            "https://169.254.169.254/latest/meta-data/",
            "https://169.254.0.1/",
            "https://0.0.0.0/token",
            "https://0.1.2.3/token",
            "https://[::]/token",
            "https://[::ffff:169.254.169.254]/",
            "https://[::ffff:a9fe:a9fe]/",
            "https://[::169.254.169.254]/",
            "https://[64:ff9b::a9fe:a9fe]/",
            "https://[2002:a9fe:a9fe::1]/",
            "https://[fe80::1]/",
            "https://[fe80::1%25eth0]/",
            "https://[fd00:ec2::254]/latest/",
            "https://metadata.google.internal/computeMetadata/v1/",
            "https://METADATA.google.internal./computeMetadata/v1/",
            "https://metadata/computeMetadata/v1/",
            "https://100.100.100.200/latest/meta-data/",
            "https://rebound.example.com/token",
            "https://v6-metadata.example.com/token",
            "http://2130706433/",
            "http://2852039166/latest/meta-data/",
            "https://0x7f000001/",
            "https://0xa9fea9fe/",
            "https://0251.0376.0251.0376/",
            "https://017700000001/",
            "https://127.1/",
            "https://169.254.43518/",
            "https://010.0.0.1/",
            "https://[ff02::1]/",
            "https://224.0.0.1/",
            "https://255.255.255.255/",
            "https://127.0.0.1:" + OWN_PORT + "/v1/connections",
            "https://localhost:" + OWN_PORT + "/v1/connections",
            "https://keeper.example.com/v1/connections",
            "http://[::ffff:127.0.0.1]:" + OWN_PORT + "/v1/connections");

    /** Refused unless private addresses (and plain http) are allowed. */
    private static final List<String> PRIVATE = List.of(
            "http://api.example.com/token",
            "https://127.0.0.1:9999/token",
            "https://127.8.9.10/token",
            "https://localhost:9999/token",
            "https://[::1]:9999/token",
            "https://[::ffff:127.0.0.1]:9999/",
            "https://10.0.0.1/token",
            "https://172.16.0.1/token",
            "https://172.31.255.254/token",
            "https://192.168.1.1/token",
            "https://100.64.0.1/token",
            "https://[fc00::1]/token",
            "https://[fd12:3456::1]/token",
            "https://inside.example.com/token",
            "http://127.0.0.1:9999/token");

    /** Always fine. */
    private static final List<String> PUBLIC = List.of(
            "https://api.example.com/token",
            "https://api.example.com:8443/oauth/token",
            "https://93.184.216.34/token",
            "https://172.32.0.1/token",
            "https://not-resolving-yet.example.org/token",
            "https://keeper.example.com:8443/token");

    static Stream<Arguments> alwaysRefused() {
        return cross(ALWAYS_REFUSED);
    }

    static Stream<Arguments> privateUrls() {
        return cross(PRIVATE);
    }

    static Stream<Arguments> publicUrls() {
        return cross(PUBLIC);
    }

    /**
     * Refused naming the field and the setting; a host that {@link URI} cannot read as a host at all ({@code 127.1},
     * {@code 0251.0376.0251.0376}) is refused earlier by the config itself as not an absolute URL.
     */
    @ParameterizedTest(name = "{1} = {0}, allow private: {2}")
    @MethodSource("alwaysRefused")
    void check_refusesTheUrl_namingTheFieldAndTheSetting_whateverTheSetting(String url, String field, boolean allow) {
        String expected = URI.create(url).getHost() == null ? "must be an absolute http or https URL"
                : ProviderUrlPolicy.SETTING;
        assertThatThrownBy(() -> policy(allow).check(config(field, URI.create(url))))
                .isInstanceOfSatisfying(InvalidProviderConfigException.class,
                        e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(expected);
    }

    @ParameterizedTest(name = "{1} = {0}, allow private: {2}")
    @MethodSource("privateUrls")
    void check_refusesAPrivateUrl_onlyWhenPrivateUrlsAreNotAllowed(String url, String field, boolean allow) {
        ProviderConfig config = config(field, URI.create(url));
        if (allow) {
            assertThatCode(() -> policy(true).check(config)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> policy(false).check(config))
                    .isInstanceOfSatisfying(InvalidProviderConfigException.class,
                            e -> assertThat(e.field()).isEqualTo(field))
                    .hasMessageContaining(ProviderUrlPolicy.SETTING + "=true");
        }
    }

    @ParameterizedTest(name = "{1} = {0}, allow private: {2}")
    @MethodSource("publicUrls")
    void check_acceptsAPublicHttpsUrl_whateverTheSetting(String url, String field, boolean allow) {
        assertThatCode(() -> policy(allow).check(config(field, URI.create(url)))).doesNotThrowAnyException();
    }

    @org.junit.jupiter.api.Test
    void check_acceptsEveryCatalogProvider_withPrivateUrlsRefused() {
        ProviderCatalog catalog = ProviderCatalog.builtIn();
        for (CatalogEntry entry : catalog.entries()) {
            ProviderConfig config = catalog.configure(entry.key(), new com.fasterxml.jackson.databind.ObjectMapper()
                    .createObjectNode().put("client_id", "client").put("client_secret", "secret"));

            assertThatCode(() -> policy(false).check(config)).as(entry.key()).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"https://rebound.example.com/token", "https://not-resolving-yet.example.org/token"})
    void refusalBeforeRequest_refusesANameThatResolvesToARefusedAddressOrNotAtAll(String url) {
        assertThat(policy(true).refusalBeforeRequest(URI.create(url))).isPresent();
    }

    @org.junit.jupiter.api.Test
    void judgeBeforeRequest_tellsAHostThatDoesNotResolveApartFromARefusal() {
        assertThat(policy(true).judgeBeforeRequest(URI.create("https://not-resolving-yet.example.org/token")))
                .isEqualTo(new UrlVerdict.Unresolved("not-resolving-yet.example.org"));
        assertThat(policy(true).judgeBeforeRequest(URI.create("https://rebound.example.com/token")))
                .isInstanceOf(UrlVerdict.Refused.class);
        assertThat(policy(false).judgeBeforeRequest(URI.create("http://api.example.com/token")))
                .isEqualTo(new UrlVerdict.Refused("must use https (plain http is allowed only when "
                        + ProviderUrlPolicy.SETTING + "=true)"));
        assertThat(policy(false).judgeBeforeRequest(URI.create("https://api.example.com/token")))
                .isInstanceOf(UrlVerdict.Allowed.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/../admin", "/a/../../admin", "/%2e%2e/admin", "/%2E%2e/admin", "/.%2e/admin",
        "/a/%2fadmin", "/a\\..\\admin", "/./me", "//evil.example/me", "/a//b", "/me%00", "/me%252e%252e",
        "/a/..", "/me\n"})
    void whoami_refusesAPathThatCouldLeaveTheApiBaseUrl(String path) {
        assertThatThrownBy(() -> new WhoamiCheck("GET", path)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("api_base_url");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/me", "/v1/users/me", "/me?fields=id,name", "/me/", "/a.b/c..d", "/users/%40me"})
    void whoami_acceptsAPlainPathBelowTheApiBaseUrl(String path) {
        assertThat(new WhoamiCheck("GET", path).path()).isEqualTo(path);
    }

    private static Stream<Arguments> cross(List<String> urls) {
        List<Arguments> cases = new ArrayList<>();
        for (String url : urls) {
            for (String field : FIELD_NAMES) {
                cases.add(Arguments.of(url, field, false));
                cases.add(Arguments.of(url, field, true));
            }
        }
        return cases.stream();
    }

    private static ProviderUrlPolicy policy(boolean allowPrivate) {
        return new ProviderUrlPolicy(allowPrivate, () -> List.of(
                new InetSocketAddress(address("127.0.0.1"), OWN_PORT),
                new InetSocketAddress(address("203.0.113.7"), 443)), ProviderUrlPolicyTest::resolve);
    }

    private static List<InetAddress> resolve(String host) throws UnknownHostException {
        String address = DNS.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return List.of(address(address));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A valid config with {@code url} in {@code field} and public https URLs elsewhere. */
    private static ProviderConfig config(String field, URI url) {
        ProviderConfig.Builder builder = ProviderConfig.builder("acme")
                .tokenUrl(URI.create("https://api.example.com/token"))
                .clientId("client")
                .clientSecret(Secret.of("secret"));
        return FIELDS.get(FIELD_NAMES.indexOf(field)).apply(builder, url).build();
    }
}
