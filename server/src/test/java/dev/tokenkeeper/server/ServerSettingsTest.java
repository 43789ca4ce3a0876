package dev.tokenkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.postgres.setup.InvalidSettingException;
import java.net.URI;
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
        "TOKENKEEPER_UNREACHABLE_AFTER|PT0S"})
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
}
