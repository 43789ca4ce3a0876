package dev.tokenkeeper.client.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenkeeper.client.LiveServiceTest;
import dev.tokenkeeper.client.Secret;
import dev.tokenkeeper.client.problem.NotFoundException;
import dev.tokenkeeper.client.problem.TokenkeeperProblemException;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.server.TestService;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every provider call of the SDK against a real service. */
class ProvidersTest extends LiveServiceTest {

    @Test
    void list_answersTheStoredConfigs_andTheCatalog() {
        ProviderList providers = client.providers().list();

        assertThat(providers.providers()).extracting(ProviderConfig::key).contains(TestService.PROVIDER);
        assertThat(providers.catalog()).extracting(CatalogItem::key).contains("github");
        assertThat(providers.catalog()).allSatisfy(item -> assertThat(item.docsUrl()).isNotNull());
    }

    @Test
    void get_answersTheConfig_withoutItsSecret() {
        ProviderConfig fake = client.providers().get(TestService.PROVIDER);

        assertThat(fake.clientId()).isEqualTo(FakeProvider.DEFAULT_CLIENT_ID);
        assertThat(fake.clientSecretSet()).isTrue();
        assertThat(fake.tokenUrl()).isEqualTo(service.provider.tokenUrl());
        assertThat(fake.configured()).isTrue();
        assertThat(fake.health().state()).isEqualTo("ok");
        assertThat(fake.rotation().path("rotates_refresh_token").isBoolean()).isTrue();
    }

    @Test
    void get_answersACatalogTemplate_forACatalogKeyNotConfigured() {
        ProviderConfig template = client.providers().get("github");

        assertThat(template.configured()).isFalse();
        assertThat(template.catalog()).isTrue();
        assertThat(template.clientId()).isNull();
    }

    @Test
    void putThenDelete_storeAndRemoveACustomProvider() {
        ProviderInput input = ProviderInput.credentials("sdk-client", Secret.of("sdk-secret"))
                .withUrls(service.provider.authorizationUrl(), service.provider.tokenUrl(), null,
                        service.provider.apiBaseUrl())
                .withScopes(List.of("read")).withExtra(Map.of("pkce", false));

        ProviderConfig created = client.providers().put("sdk-acme", input);
        ProviderConfig replaced = client.providers().put("sdk-acme", input.withScopes(List.of("read", "write")));
        ProviderConfig deleted = client.providers().delete("sdk-acme");

        assertThat(created.key()).isEqualTo("sdk-acme");
        assertThat(created.pkce()).isFalse();
        assertThat(created.apiBaseUrl()).isEqualTo(service.provider.apiBaseUrl());
        assertThat(replaced.scopes()).containsExactly("read", "write");
        assertThat(replaced.clientSecretSet()).isTrue();
        assertThat(deleted.deleted()).isTrue();
        assertThat(catchThrowableOfType(NotFoundException.class, () -> client.providers().get("sdk-acme")).code())
                .isEqualTo("not_found");
    }

    @Test
    void delete_isRefusedWithProviderInUse_whileAConnectionUsesIt() {
        imported("provider-in-use");

        TokenkeeperProblemException inUse = catchThrowableOfType(TokenkeeperProblemException.class,
                () -> client.providers().delete(TestService.PROVIDER));

        assertThat(inUse.code()).isEqualTo("provider_in_use");
        assertThat(inUse.problem().document().path("connections").asInt()).isPositive();
        assertThat(URI.create(inUse.problem().type())).hasPath("/problems/provider_in_use");
    }
}
