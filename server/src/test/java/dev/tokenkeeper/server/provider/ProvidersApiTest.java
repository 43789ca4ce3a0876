package dev.tokenkeeper.server.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.server.ServiceBackedTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvidersApiTest extends ServiceBackedTest {
    private static final String SECRET = "s3cr3t-client-secret-value";

    @Test
    void put_createsACustomProvider_thenReplacesIt_andNeverShowsTheSecret() {
        Answer created = service.api.put("/v1/providers/acme", acme("client-1"));
        Answer replaced = service.api.put("/v1/providers/acme", acme("client-2"));
        Answer read = service.api.get("/v1/providers/acme");

        assertThat(created.status()).isEqualTo(201);
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("client_id").asText()).isEqualTo("client-2");
        assertThat(read.json().path("client_secret_set").asBoolean()).isTrue();
        assertThat(read.json().has("client_secret")).isFalse();
        for (Answer answer : List.of(created, replaced, read, service.api.get("/v1/providers"))) {
            assertThat(answer.text()).doesNotContain(SECRET);
        }
    }

    @Test
    void put_keepsTheStoredSecret_whenAConfigReadBackIsSentAgainWithoutIt() {
        service.api.put("/v1/providers/roundtrip", acme("client-1"));
        ObjectNode readBack = (ObjectNode) service.api.get("/v1/providers/roundtrip").json();
        readBack.set("scopes", ApiClient.MAPPER.createArrayNode().add("read").add("admin"));

        Answer replaced = service.api.put("/v1/providers/roundtrip", readBack);

        assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
        assertThat(replaced.json().path("client_secret_set").asBoolean()).isTrue();
        assertThat(service.tokenkeeper.parts().providers().find("roundtrip").orElseThrow().clientSecret().reveal())
                .isEqualTo(SECRET);
    }

    @Test
    void put_ofACatalogKey_needsOnlyTheClientCredentials() {
        ObjectNode credentials = ApiClient.object().put("client_id", "google-client").put("client_secret", SECRET);

        Answer created = service.api.put("/v1/providers/google", credentials);

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("token_url").asText()).isEqualTo("https://oauth2.googleapis.com/token");
        assertThat(created.json().path("catalog").asBoolean()).isTrue();
        List<String> configured = new ArrayList<>();
        service.api.get("/v1/providers").json().path("catalog").forEach(entry -> {
            if (entry.path("configured").asBoolean()) {
                configured.add(entry.path("key").asText());
            }
        });
        assertThat(configured).contains("google");
    }

    @Test
    void get_ofAnUnconfiguredCatalogKey_showsTheTemplate() {
        Answer template = service.api.get("/v1/providers/slack");

        assertThat(template.status()).isEqualTo(200);
        assertThat(template.json().path("configured").asBoolean()).isFalse();
        assertThat(template.json().path("authorization_url").asText()).startsWith("https://slack.com/");
    }

    @Test
    void put_refusesAnInvalidConfig_namingTheField_andStoresNothing() {
        ObjectNode badUrl = acme("c").put("token_url", "ftp://acme.example/token");
        ObjectNode keyMismatch = acme("c").put("key", "other");
        ObjectNode unknown = acme("c").put("colour", "red");

        assertField(service.api.put("/v1/providers/bad-one", badUrl), "token_url");
        assertField(service.api.put("/v1/providers/bad-two", keyMismatch), "key");
        assertField(service.api.put("/v1/providers/bad-three", unknown), "colour");
        assertField(service.api.put("/v1/providers/Not_A_Key", acme("c")), "key");
        for (String key : List.of("bad-one", "bad-two", "bad-three")) {
            assertThat(service.api.get("/v1/providers/" + key).status()).isEqualTo(404);
        }
    }

    @Test
    void put_storesTheIntrospectionUrl_andRefusesABadOne_namingIt() {
        ObjectNode withIntrospection = acme("c").put("introspection_url", "https://acme.example/oauth/introspect");
        ObjectNode relative = acme("c").put("introspection_url", "/oauth/introspect");

        Answer created = service.api.put("/v1/providers/introspecting", withIntrospection);

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(service.api.get("/v1/providers/introspecting").json().path("introspection_url").asText())
                .isEqualTo("https://acme.example/oauth/introspect");
        assertField(service.api.put("/v1/providers/bad-introspection", relative), "introspection_url");
        assertThat(service.api.get("/v1/providers/bad-introspection").status()).isEqualTo(404);
    }

    @Test
    void get_ofAnUnknownProvider_is404() {
        Answer missing = service.api.get("/v1/providers/nothing-here");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("code").asText()).isEqualTo("not_found");
    }

    private static void assertField(Answer answer, String field) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.json().path("code").asText()).isEqualTo("invalid_field");
        assertThat(answer.json().path("field").asText()).isEqualTo(field);
        assertThat(answer.text()).doesNotContain(SECRET);
    }

    private static ObjectNode acme(String clientId) {
        ObjectNode config = ApiClient.object();
        config.put("authorization_url", "https://acme.example/oauth/authorize");
        config.put("token_url", "https://acme.example/oauth/token");
        config.put("api_base_url", "https://api.acme.example");
        config.put("client_id", clientId);
        config.put("client_secret", SECRET);
        config.putArray("scopes").add("read");
        return config;
    }

}
