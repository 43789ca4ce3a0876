package dev.tokenkeeper.client;

import dev.tokenkeeper.client.connection.Connection;
import dev.tokenkeeper.client.connection.ConnectionImport;
import dev.tokenkeeper.client.connection.Credentials;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.server.TestService;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** The SDK's tests run against a real service ({@link ServiceBackedTest}) through a client of it. */
public abstract class LiveServiceTest extends ServiceBackedTest {
    protected static TokenkeeperClient client;

    @BeforeAll
    static void connectClient() {
        client = clientOf(service);
    }

    /** A client of {@code service} with the default settings. */
    public static TokenkeeperClient clientOf(TestService service) {
        return builderOf(service).build();
    }

    /** A builder of a client of {@code service}, base URL and API key set. */
    public static TokenkeeperClient.Builder builderOf(TestService service) {
        return TokenkeeperClient.builder().baseUrl(service.tokenkeeper.baseUrl()).apiKey(service.apiKey.reveal());
    }

    /** A grant issued by the fake provider, imported through the SDK as {@code connectionId}, valid for an hour. */
    protected static IssuedGrant imported(String connectionId) {
        return importedInto(service, client, connectionId, 3600);
    }

    /** A grant issued by {@code service}'s fake provider, imported as {@code connectionId}, valid {@code seconds}. */
    public static IssuedGrant importedInto(TestService service, TokenkeeperClient client, String connectionId,
            long seconds) {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        Connection created = client.connections().create(ConnectionImport.of(TestService.PROVIDER, connectionId,
                Credentials.of(grant.accessToken(), grant.refreshToken(), seconds)).withMetadata(Map.of("sdk", "yes")));
        if (!created.id().equals(connectionId)) {
            throw new IllegalStateException("imported as " + created.id());
        }
        return grant;
    }
}
