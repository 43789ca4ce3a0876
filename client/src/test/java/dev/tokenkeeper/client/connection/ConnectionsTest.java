package dev.tokenkeeper.client.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.client.LiveServiceTest;
import dev.tokenkeeper.client.Page;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.client.problem.InvalidRequestException;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.TestService;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every connection call of the SDK against a real service and its fake provider. */
class ConnectionsTest extends LiveServiceTest {

    @Test
    void create_answersTheActiveConnection_withItsMetadataAndExpiry() {
        Connection created = client.connections().create(ConnectionImport.of(TestService.PROVIDER, "conn-create",
                Credentials.of(service.provider.issueGrant("tokenkeeper-test-client").accessToken(), "r-1", 3600))
                .withMetadata(Map.of("customer", "c-9")));

        assertThat(created.id()).isEqualTo("conn-create");
        assertThat(created.provider()).isEqualTo(TestService.PROVIDER);
        assertThat(created.state()).isEqualTo(ConnectionState.ACTIVE);
        assertThat(created.metadata()).containsEntry("customer", "c-9");
        assertThat(created.hasRefreshToken()).isTrue();
        assertThat(created.expiresAt()).isAfter(Instant.now().plusSeconds(3000));
    }

    @Test
    void create_keepsThePerConnectionSettings_andRefusesAValueThatBreaksItsRule() {
        ObjectNode provider = ApiClient.object().put("token_url", service.provider.tokenUrl().toString())
                .put("client_id", FakeProvider.DEFAULT_CLIENT_ID).put("api_base_url", "{instance_url}");
        provider.putObject("connection_config").putObject("instance_url").putArray("hosts").add("127.0.0.1");
        assertThat(service.api.put("/v1/providers/sdk-instance", provider).status()).isEqualTo(201);
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        Credentials credentials = Credentials.of(grant.accessToken(), grant.refreshToken(), 3600);
        String instance = service.provider.apiBaseUrl().toString();

        client.connections().create(ConnectionImport.of("sdk-instance", "conn-instance", credentials)
                .withConnectionConfig(Map.of("instance_url", instance)));

        assertThat(client.connections().token("conn-instance").raw().path("instance_url").asText())
                .isEqualTo(instance);
        assertThat(client.connections().get("conn-instance").connectionConfig()).containsEntry("instance_url", instance);
        assertThatThrownBy(() -> client.connections().create(ConnectionImport.of("sdk-instance", "conn-evil",
                credentials).withConnectionConfig(Map.of("instance_url", "https://evil.example"))))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("connection_config.instance_url"));
    }

    @Test
    void get_answersTheStoredConnection() {
        imported("conn-get");

        Connection connection = client.connections().get("conn-get");

        assertThat(connection.id()).isEqualTo("conn-get");
        assertThat(connection.refreshCount()).isZero();
        assertThat(connection.cause()).isEqualTo("none");
        assertThat(connection.createdAt()).isNotNull();
    }

    @Test
    void listAndListAll_walkEveryPage_whenTheFilterMatchesMoreThanOnePage() {
        for (int i = 0; i < 5; i++) {
            imported("conn-page-" + i);
            client.connections().patchMetadata("conn-page-" + i, Map.of("batch", "paging"));
        }
        ConnectionQuery query = ConnectionQuery.all().metadata(Map.of("batch", "paging")).limit(2);

        Page<Connection> first = client.connections().list(query);
        List<String> all = client.connections().listAll(query).map(Connection::id).toList();

        assertThat(first.items()).extracting(Connection::id).containsExactly("conn-page-0", "conn-page-1");
        assertThat(first.next()).isPresent();
        assertThat(client.connections().list(query.after(first.nextCursor())).items()).extracting(Connection::id)
                .containsExactly("conn-page-2", "conn-page-3");
        assertThat(all).containsExactly("conn-page-0", "conn-page-1", "conn-page-2", "conn-page-3", "conn-page-4");
    }

    @Test
    void list_filtersByProviderAndState() {
        imported("conn-filter");

        List<Connection> active = client.connections().listAll(ConnectionQuery.all().provider(TestService.PROVIDER)
                .state(ConnectionState.ACTIVE)).toList();
        List<Connection> stale = client.connections().listAll(ConnectionQuery.all()
                .state(ConnectionState.NEEDS_REAUTH)).toList();

        assertThat(active).extracting(Connection::id).contains("conn-filter");
        assertThat(stale).extracting(Connection::id).doesNotContain("conn-filter");
    }

    @Test
    void patchMetadata_setsAndRemovesKeys() {
        imported("conn-patch");
        Map<String, String> changes = new HashMap<>();
        changes.put("plan", "pro");
        changes.put("sdk", null);

        Connection patched = client.connections().patchMetadata("conn-patch", changes);

        assertThat(patched.metadata()).containsEntry("plan", "pro").doesNotContainKey("sdk");
    }

    @Test
    void token_answersTheImportedAccessToken_andItsToStringHidesIt() {
        IssuedGrant grant = imported("conn-token");

        AccessToken token = client.connections().token("conn-token");

        assertThat(token.accessToken().reveal()).isEqualTo(grant.accessToken());
        assertThat(token.tokenType()).isEqualTo("Bearer");
        assertThat(token.raw().isObject()).isTrue();
        assertThat(token.toString()).doesNotContain(grant.accessToken()).contains("[REDACTED]");
    }

    @Test
    void refresh_answersTheProvidersNewToken() {
        IssuedGrant grant = imported("conn-refresh");

        AccessToken refreshed = client.connections().refresh("conn-refresh");

        assertThat(refreshed.accessToken().reveal()).isNotEqualTo(grant.accessToken())
                .isEqualTo(service.provider.currentAccessToken(grant.grantId()).orElseThrow());
        assertThat(client.connections().get("conn-refresh").refreshCount()).isEqualTo(1);
    }

    @Test
    void events_answerTheTimeline_withTheCreationAndTheRefreshAttempt() {
        imported("conn-events");
        client.connections().refresh("conn-events");

        ConnectionEvents timeline = client.connections().events("conn-events", null);

        assertThat(timeline.connectionId()).isEqualTo("conn-events");
        assertThat(timeline.events()).extracting(ConnectionEvent::type)
                .contains("connection.created", "refresh.attempted");
        assertThat(timeline.events()).filteredOn(event -> event.type().equals("refresh.attempted"))
                .extracting(ConnectionEvent::code).containsExactly("refreshed");
        assertThat(client.connections().events("conn-events", 1).events()).hasSize(1);
    }

    @Test
    void diagnose_answersAHealthyVerdict_forAWorkingConnection() {
        imported("conn-diagnose");

        Diagnosis diagnosis = client.connections().diagnose("conn-diagnose");

        assertThat(diagnosis.connectionId()).isEqualTo("conn-diagnose");
        assertThat(diagnosis.healthy()).isTrue();
        assertThat(diagnosis.zone()).isEqualTo("none");
        assertThat(diagnosis.checks()).extracting(Diagnosis.Check::name).contains("provider_config", "token");
    }

    @Test
    void delete_answersTheConnectionAsItWas_withItsRevocation() {
        IssuedGrant grant = imported("conn-delete");

        Connection deleted = client.connections().delete("conn-delete");

        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.revocation().state()).isEqualTo("revoked");
        assertThat(service.provider.revocationOf(grant.grantId())).isPresent();
    }
}
