package dev.tokenkeeper.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ProviderConfigJsonTest {
    private static final String FULL = """
            {
              "key": "acme",
              "authorization_url": "https://acme.example/oauth/authorize",
              "token_url": "https://acme.example/oauth/token",
              "refresh_url": null,
              "revocation_url": "https://acme.example/oauth/revoke",
              "api_base_url": "https://api.acme.example",
              "client_id": "client-1", "client_secret": "s3cr3t-value",
              "client_auth": "client_secret_post",
              "scopes": ["read", "write"],
              "pkce": true,
              "token_response": {"expires_in_unit": "milliseconds", "default_ttl_seconds": 3600},
              "rotation": {"rotates_refresh_token": true, "reuse_grace_seconds": 30},
              "auth_failure_statuses": [401, 403],
              "whoami": {"method": "GET", "path": "/me"},
              "refresh_params": {"audience": "api"},
              "scope_separator": ",",
              "authorization_params": {"access_type": "offline"},
              "introspection_url": "https://acme.example/oauth/introspect"
            }
            """;

    @Test
    void read_acceptsEveryFieldOfApiMd() {
        ProviderConfig config = ProviderConfigJson.read(FULL);

        assertThat(config.key()).isEqualTo("acme");
        assertThat(config.refreshEndpoint()).hasToString("https://acme.example/oauth/token");
        assertThat(config.clientSecret().reveal()).isEqualTo("s3cr3t-value");
        assertThat(config.clientAuth()).isEqualTo(ClientAuth.CLIENT_SECRET_POST);
        assertThat(config.scopes()).containsExactly("read", "write");
        assertThat(config.tokenResponse()).isEqualTo(
                new TokenResponseSettings(ExpiresInUnit.MILLISECONDS, Duration.ofHours(1)));
        assertThat(config.rotation()).isEqualTo(new RotationSettings(true, Duration.ofSeconds(30)));
        assertThat(config.authFailureStatuses()).isEqualTo(Set.of(401, 403));
        assertThat(config.whoami()).isEqualTo(new WhoamiCheck("GET", "/me"));
        assertThat(config.refreshParams()).isEqualTo(Map.of("audience", "api"));
        assertThat(config.scopeParameter()).isEqualTo("read,write");
        assertThat(config.authorizationParams()).isEqualTo(Map.of("access_type", "offline"));
        assertThat(config.introspectionUrl()).hasToString("https://acme.example/oauth/introspect");
    }

    @Test
    void read_appliesDefaults_whenOptionalFieldsAreMissing() {
        ProviderConfig config = ProviderConfigJson.read("""
                {"key":"min","token_url":"https://min.example/token","client_id":"c"}""");

        assertThat(config.clientAuth()).isEqualTo(ClientAuth.CLIENT_SECRET_BASIC);
        assertThat(config.pkce()).isTrue();
        assertThat(config.authFailureStatuses()).containsExactly(401);
        assertThat(config.tokenResponse()).isEqualTo(TokenResponseSettings.DEFAULT);
        assertThat(config.rotation()).isEqualTo(RotationSettings.DEFAULT);
        assertThat(config.scopes()).isEqualTo(List.of());
        assertThat(config.scopeSeparator()).isEqualTo(" ");
        assertThat(config.authorizationParams()).isEqualTo(Map.of());
        assertThat(config.introspectionUrl()).isNull();
        assertThat(ProviderConfigJson.write(config).get("introspection_url").isNull()).isTrue();
    }

    @Test
    void read_takesTheGrantType_authorizationCodeByDefault_andWriteSaysIt() {
        ProviderConfig users = ProviderConfigJson.read("""
                {"key":"users","token_url":"https://a.example/t","client_id":"c"}""");
        ProviderConfig machines = ProviderConfigJson.read("""
                {"key":"machines","token_url":"https://a.example/t","client_id":"c","client_secret":"s",
                 "grant_type":"client_credentials"}""");

        assertThat(users.grantType()).isEqualTo(GrantType.AUTHORIZATION_CODE);
        assertThat(users.clientCredentials()).isFalse();
        assertThat(machines.clientCredentials()).isTrue();
        assertThat(ProviderConfigJson.write(machines).get("grant_type").asText()).isEqualTo("client_credentials");
        assertThat(ProviderConfigJson.write(users).get("grant_type").asText()).isEqualTo("authorization_code");
    }

    @Test
    void write_omitsTheClientSecret_andReadsBackEqual() {
        ProviderConfig config = ProviderConfigJson.read(FULL);

        String written = ProviderConfigJson.write(config).toString();

        assertThat(written).doesNotContain("s3cr3t-value").contains("\"client_secret_set\":true")
                .contains("\"introspection_url\":\"https://acme.example/oauth/introspect\"");
        ProviderConfig back = ProviderConfigJson.read(written);
        assertThat(back.clientSecret()).isNull();
        assertThat(ProviderConfigJson.write(back).toString())
                .isEqualTo(written.replace("\"client_secret_set\":true", "\"client_secret_set\":false"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                                                                  | (body)
            []                                                                        | (body)
            {"token_url":"https://a.example/t","client_id":"c"}                        | key
            {"key":"Bad Key!","token_url":"https://a.example/t","client_id":"c"}       | key
            {"key":"a","client_id":"c"}                                                | token_url
            {"key":"a","token_url":"ftp://a.example/t","client_id":"c"}                | token_url
            {"key":"a","token_url":"/relative","client_id":"c"}                        | token_url
            {"key":"a","token_url":"https://u:p@a.example/t","client_id":"c"}          | token_url
            {"key":"a","token_url":"https://a.example/t"}                              | client_id
            {"key":"a","token_url":"https://a.example/t","client_id":7}                | client_id
            {"key":"a","token_url":"https://a.example/t","client_id":"c","client_auth":"jwt"} | client_auth
            {"key":"a","token_url":"https://a.example/t","client_id":"c","grant_type":"password"} | grant_type
            {"key":"a","token_url":"https://a.example/t","client_id":"c","grant_type":"client_credentials"} | client_secret
            {"key":"a","token_url":"https://a.example/t","client_id":"c","scopes":"read"}     | scopes
            {"key":"a","token_url":"https://a.example/t","client_id":"c","pkce":"yes"}        | pkce
            {"key":"a","token_url":"https://a.example/t","client_id":"c","token_response":{"expires_in_unit":"hours"}} | token_response.expires_in_unit
            {"key":"a","token_url":"https://a.example/t","client_id":"c","token_response":{"default_ttl_seconds":-1}} | token_response.default_ttl_seconds
            {"key":"a","token_url":"https://a.example/t","client_id":"c","token_response":{"ttl":1}}  | token_response.ttl
            {"key":"a","token_url":"https://a.example/t","client_id":"c","rotation":{"reuse_grace_seconds":1.5}} | rotation.reuse_grace_seconds
            {"key":"a","token_url":"https://a.example/t","client_id":"c","auth_failure_statuses":[99]} | auth_failure_statuses
            {"key":"a","token_url":"https://a.example/t","client_id":"c","auth_failure_statuses":[]}   | auth_failure_statuses
            {"key":"a","token_url":"https://a.example/t","client_id":"c","whoami":{"path":"me"}}       | whoami
            {"key":"a","token_url":"https://a.example/t","client_id":"c","refresh_params":{"grant_type":"x"}} | refresh_params
            {"key":"a","token_url":"https://a.example/t","client_id":"c","refresh_params":{"a":1}}     | refresh_params.a
            {"key":"a","token_url":"https://a.example/t","client_id":"c","tokenurl":"x"}               | tokenurl
            {"key":"a","token_url":"https://a.example/t","client_id":"c","scope_separator":";"}        | scope_separator
            {"key":"a","token_url":"https://a.example/t","client_id":"c","scope_separator":1}          | scope_separator
            {"key":"a","token_url":"https://a.example/t","client_id":"c","authorization_params":{"state":"x"}} | authorization_params
            {"key":"a","token_url":"https://a.example/t","client_id":"c","authorization_params":{"a":1}} | authorization_params.a
            {"key":"a","token_url":"https://a.example/t","client_id":"c","introspection_url":"ftp://a.example/i"}   | introspection_url
            {"key":"a","token_url":"https://a.example/t","client_id":"c","introspection_url":"/introspect"}        | introspection_url
            {"key":"a","token_url":"https://a.example/t","client_id":"c","introspection_url":"https://u:p@a.example/i"} | introspection_url
            {"key":"a","token_url":"https://a.example/t","client_id":"c","introspection_url":"https://a.example/i#x"} | introspection_url
            {"key":"a","token_url":"https://a.example/t","client_id":"c","introspection_url":"https://a .example/i"} | introspection_url
            {"key":"a","token_url":"https://a.example/t","client_id":"c","introspection_url":42}                   | introspection_url
            """)
    void read_namesTheField_whenTheConfigIsWrong(String json, String field) {
        assertThatThrownBy(() -> ProviderConfigJson.read(json))
                .isInstanceOfSatisfying(InvalidProviderConfigException.class,
                        e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ");
    }
}
