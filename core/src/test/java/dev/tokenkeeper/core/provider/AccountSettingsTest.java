package dev.tokenkeeper.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The provider config's {@code account}: JSON pointers only, read and written back, absent means no field. */
class AccountSettingsTest {
    private static final String BASE = "{\"key\":\"acme\",\"token_url\":\"https://acme.example/token\","
            + "\"client_id\":\"c\"";

    @Test
    void read_keepsTheFields_andWritesThemBack() {
        ProviderConfig config = ProviderConfigJson.read(BASE + ",\"account\":{\"token_field\":\"/team/id\","
                + "\"whoami_field\":\"/data/a~1b\",\"allow_change\":true}}");

        assertThat(config.account()).isEqualTo(new AccountSettings("/team/id", "/data/a~1b", true));
        assertThat(ProviderConfigJson.read(ProviderConfigJson.write(config).put("client_id", "c")).account())
                .isEqualTo(config.account());
        assertThat(ProviderConfigJson.write(config).path("account").path("allow_change").asBoolean()).isTrue();
    }

    @Test
    void read_defaultsToNoFieldAndNoChange_whenAccountIsAbsent() {
        ProviderConfig config = ProviderConfigJson.read(BASE + "}");

        assertThat(config.account()).isEqualTo(AccountSettings.DEFAULT);
        assertThat(ProviderConfigJson.write(config).path("account").path("token_field").isNull()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"token_field": "team/id"}          | account.token_field
            {"token_field": ""}                 | account.token_field
            {"whoami_field": "/a~2"}            | account.whoami_field
            {"whoami_field": 7}                 | account.whoami_field
            {"allow_change": "yes"}             | account.allow_change
            {"colour": "red"}                   | account.colour
            """)
    void read_refusesABadAccount_namingTheField(String account, String field) {
        assertThatThrownBy(() -> ProviderConfigJson.read(BASE + ",\"account\":" + account + "}"))
                .isInstanceOfSatisfying(InvalidProviderConfigException.class,
                        e -> assertThat(e.getMessage()).contains(field));
    }

    @Test
    void theCatalog_tellsSlackByTeamAndGitHubByWhoami() {
        assertThat(ProviderCatalog.builtIn().find("slack").orElseThrow().withStandInClientId().account().tokenField())
                .isEqualTo("/team/id");
        assertThat(ProviderCatalog.builtIn().find("github").orElseThrow().withStandInClientId().account()
                .whoamiField()).isEqualTo("/id");
    }
}
