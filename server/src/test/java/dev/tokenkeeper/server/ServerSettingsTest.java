package dev.tokenkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.refresh.SchedulerSettings;
import dev.tokenkeeper.postgres.setup.InvalidSettingException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerSettingsTest {

    @Test
    void fromEnvironment_usesApiMdsDefaults_whenNothingIsSet() {
        ServerSettings settings = ServerSettings.fromEnvironment(Map.of());

        assertThat(settings.bind()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(7780);
        assertThat(settings.publicUrl()).isEqualTo(URI.create("http://127.0.0.1:7780"));
        assertThat(settings.apiKey()).isNull();
        assertThat(settings.callbackUrl()).isEqualTo(URI.create("http://127.0.0.1:7780/oauth/callback"));
    }

    @Test
    void fromEnvironment_readsEveryVariable_andBuildsTheCallbackBelowThePublicUrl() {
        ServerSettings settings = ServerSettings.fromEnvironment(Map.of("TOKENKEEPER_BIND", "0.0.0.0",
                "TOKENKEEPER_PORT", "9000", "TOKENKEEPER_PUBLIC_URL", "https://keeper.example/base/",
                "TOKENKEEPER_API_KEY", "tk_a_key_long_enough_for_the_rule"));

        assertThat(settings.bind()).isEqualTo("0.0.0.0");
        assertThat(settings.port()).isEqualTo(9000);
        assertThat(settings.callbackUrl()).isEqualTo(URI.create("https://keeper.example/base/oauth/callback"));
        assertThat(settings.apiKey().reveal()).isEqualTo("tk_a_key_long_enough_for_the_rule");
        assertThat(settings.toString()).doesNotContain("tk_a_key_long_enough_for_the_rule");
    }

    @Test
    void fromEnvironment_refusesPrivateUrls_andLeavesRedirectsUnlisted_whenTheirSettingsAreUnset() {
        ServerSettings settings = ServerSettings.fromEnvironment(Map.of());

        assertThat(settings.allowPrivateUrls()).isFalse();
        assertThat(settings.redirectOrigins().origins()).isEmpty();
    }

    @Test
    void fromEnvironment_readsThePrivateUrlSwitch_andTheRedirectOrigins() {
        ServerSettings settings = ServerSettings.fromEnvironment(Map.of("TOKENKEEPER_ALLOW_PRIVATE_URLS", "TRUE",
                "TOKENKEEPER_REDIRECT_ORIGINS", " https://App.example.com , http://localhost:3000"));

        assertThat(settings.allowPrivateUrls()).isTrue();
        assertThat(settings.redirectOrigins().origins())
                .containsExactlyInAnyOrder("https://app.example.com:443", "http://localhost:3000");
        assertThat(settings.withPort(0).redirectOrigins()).isEqualTo(settings.redirectOrigins());
        assertThat(settings.withPort(0).allowPrivateUrls()).isTrue();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "TOKENKEEPER_PORT|eighty",
        "TOKENKEEPER_PORT|70000",
        "TOKENKEEPER_PORT|-1",
        "TOKENKEEPER_PUBLIC_URL|keeper.example",
        "TOKENKEEPER_PUBLIC_URL|ftp://keeper.example",
        "TOKENKEEPER_PUBLIC_URL|https://keeper.example/?x=1",
        "TOKENKEEPER_PUBLIC_URL|https://keeper.example/#top",
        "TOKENKEEPER_PUBLIC_URL|http://bad host",
        "TOKENKEEPER_API_KEY|too-short",
        "TOKENKEEPER_ALLOW_PRIVATE_URLS|yes",
        "TOKENKEEPER_REDIRECT_ORIGINS|app.example.com",
        "TOKENKEEPER_REDIRECT_ORIGINS|https://app.example.com/path",
        "TOKENKEEPER_REDIRECT_ORIGINS|https://app.example.com,,https://b.example",
        "TOKENKEEPER_REDIRECT_ORIGINS|ftp://app.example.com",
        "TOKENKEEPER_REFRESH_FAILING_AFTER|soon",
        "TOKENKEEPER_REFRESH_FAILING_AFTER|0h",
        "TOKENKEEPER_REFRESH_FAILING_AFTER|-3d",
        "TOKENKEEPER_REFRESH_FAILING_AFTER|999d",
        "TOKENKEEPER_UNREACHABLE_AFTER|1 hour",
        "TOKENKEEPER_UNREACHABLE_AFTER|PT0S",
        "TOKENKEEPER_CONNECTION_CACHE_SIZE|many",
        "TOKENKEEPER_CONNECTION_CACHE_SIZE|1.5",
        "TOKENKEEPER_CONNECTION_CACHE_SIZE|-1",
        "TOKENKEEPER_CONNECTION_CACHE_SIZE|10000001",
        "TOKENKEEPER_CONNECTION_CACHE_TTL|soon",
        "TOKENKEEPER_CONNECTION_CACHE_TTL|500ms",
        "TOKENKEEPER_CONNECTION_CACHE_TTL|0s",
        "TOKENKEEPER_CONNECTION_CACHE_TTL|PT0.5S",
        "TOKENKEEPER_CONNECTION_CACHE_TTL|-5s",
        "TOKENKEEPER_CONNECTION_CACHE_TTL|61m",
        "TOKENKEEPER_CONNECTION_CACHE_TTL|1d",
        "TOKENKEEPER_REFRESH_AHEAD|lots",
        "TOKENKEEPER_REFRESH_AHEAD|2.5",
        "TOKENKEEPER_REFRESH_AHEAD|0",
        "TOKENKEEPER_REFRESH_AHEAD|-3",
        "TOKENKEEPER_REFRESH_AHEAD|1025",
        "TOKENKEEPER_REFRESH_CONCURRENCY|many",
        "TOKENKEEPER_REFRESH_CONCURRENCY|0",
        "TOKENKEEPER_REFRESH_CONCURRENCY|1025"})
    void fromEnvironment_refusesABadValue_namingTheVariable_withoutEchoingAKey(String variable, String value) {
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(variable)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("too-short"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "72h   | PT72H",
        "3d    | PT72H",
        "90m   | PT1H30M",
        "45s   | PT45S",
        "PT12H | PT12H",
        "p2d   | PT48H"})
    void fromEnvironment_readsTheEscalationPeriods_inShortOrIsoForm(String value, String expected) {
        ServerSettings settings = ServerSettings.fromEnvironment(Map.of(
                ServerSettings.REFRESH_FAILING_AFTER, value, ServerSettings.UNREACHABLE_AFTER, value));

        assertThat(settings.escalation().refreshFailingAfter()).isEqualTo(java.time.Duration.parse(expected));
        assertThat(settings.escalation().unreachableAfter()).isEqualTo(java.time.Duration.parse(expected));
    }

    @Test
    void fromEnvironment_escalatesAfterThreeDaysAndAnHour_byDefault() {
        ServerSettings settings = ServerSettings.fromEnvironment(Map.of());

        assertThat(settings.escalation().refreshFailingAfter()).isEqualTo(java.time.Duration.ofDays(3));
        assertThat(settings.escalation().unreachableAfter()).isEqualTo(java.time.Duration.ofHours(1));
    }

    @Test
    void fromEnvironment_keepsTenThousandConnectionsFor30s_andRuns16RefreshesAhead_byDefault() {
        TokenPathSettings tokenPath = ServerSettings.fromEnvironment(Map.of()).tokenPath();

        assertThat(tokenPath.cache().size()).isEqualTo(10_000);
        assertThat(tokenPath.cache().ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(tokenPath.refreshesAhead()).isEqualTo(16);
        assertThat(new ServerSettings("127.0.0.1", 0, URI.create("http://127.0.0.1:7780"), null).tokenPath())
                .isEqualTo(tokenPath);
    }

    @ParameterizedTest(name = "size {0}, ttl {1}, ahead {2}")
    @CsvSource(delimiter = '|', value = {
        "0        | 1s     | 1    | PT1S",
        "250      | 5m     | 64   | PT5M",
        "10000000 | 1h     | 1024 | PT1H",
        "' 42 '   | PT90S  | ' 8 '| PT1M30S",
        "''       | 60m    | ''   | PT1H"})
    void fromEnvironment_readsTheTokenPathVariables_withinTheirRanges(String size, String ttl, String ahead,
            String expectedTtl) {
        TokenPathSettings tokenPath = ServerSettings.fromEnvironment(Map.of(TokenPathSettings.CACHE_SIZE, size,
                TokenPathSettings.CACHE_TTL, ttl, TokenPathSettings.REFRESH_AHEAD, ahead)).tokenPath();

        assertThat(tokenPath.cache().size()).isEqualTo(size.isBlank() ? 10_000 : Integer.parseInt(size.strip()));
        assertThat(tokenPath.cache().enabled()).isEqualTo(!"0".equals(size));
        assertThat(tokenPath.cache().ttl()).isEqualTo(Duration.parse(expectedTtl));
        assertThat(tokenPath.refreshesAhead()).isEqualTo(ahead.isBlank() ? 16 : Integer.parseInt(ahead.strip()));
    }

    @Test
    void fromEnvironment_saysTheTtlsRange_whenTheTtlIsOutsideIt() {
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(Map.of(TokenPathSettings.CACHE_TTL, "2h")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("TOKENKEEPER_CONNECTION_CACHE_TTL: must be from 1s to 1h, not '2h'");
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(Map.of(TokenPathSettings.REFRESH_AHEAD, "0")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("TOKENKEEPER_REFRESH_AHEAD: must be a whole number from 1 to 1024, not '0'");
    }

    @Test
    void withers_keepTheTokenPath_andWithTokenPathReplacesIt() {
        TokenPathSettings tuned = new TokenPathSettings(
                new dev.tokenkeeper.postgres.connection.ConnectionCacheSettings(5, Duration.ofMinutes(2)), 3);
        ServerSettings settings = ServerSettings.fromEnvironment(Map.of()).withTokenPath(tuned);

        assertThat(settings.tokenPath()).isEqualTo(tuned);
        assertThat(settings.withPort(0).withPublicUrl(URI.create("http://127.0.0.1:1")).withAllowPrivateUrls(true)
                .withRedirectOrigins(settings.redirectOrigins()).withEscalation(settings.escalation())
                .withActions(settings.actions()).tokenPath()).isEqualTo(tuned);
        assertThat(settings.withTokenPath(null).tokenPath()).isEqualTo(TokenPathSettings.DEFAULT);
    }

    @Test
    void fromEnvironment_setsTheSchedulersConcurrency_andKeepsThePerProviderBoundWithinIt() {
        assertThat(ServerSettings.fromEnvironment(Map.of()).tokenPath().scheduler())
                .isEqualTo(SchedulerSettings.DEFAULT);
        SchedulerSettings wide = ServerSettings.fromEnvironment(Map.of(TokenPathSettings.REFRESH_CONCURRENCY, "200"))
                .tokenPath().scheduler();
        SchedulerSettings narrow = ServerSettings.fromEnvironment(Map.of(TokenPathSettings.REFRESH_CONCURRENCY, " 3 "))
                .tokenPath().scheduler();

        assertThat(wide.maxConcurrent()).isEqualTo(200);
        assertThat(wide.perProvider()).isEqualTo(SchedulerSettings.DEFAULT.perProvider());
        assertThat(narrow.maxConcurrent()).isEqualTo(3);
        assertThat(narrow.perProvider()).isEqualTo(3);
    }

    @Test
    void tokenPathSettings_refusesRefreshesAheadOutsideOneTo1024_namingTheVariable() {
        assertThatThrownBy(() -> new TokenPathSettings(TokenPathSettings.DEFAULT.cache(), 0))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("TOKENKEEPER_REFRESH_AHEAD");
        assertThatThrownBy(() -> new TokenPathSettings(TokenPathSettings.DEFAULT.cache(), 1025))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("TOKENKEEPER_REFRESH_AHEAD");
    }
}
