package dev.tokenkeeper.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.apikey.ApiKeys;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.ServerSettings;
import dev.tokenkeeper.server.TokenPathSettings;
import dev.tokenkeeper.server.Tokenkeeper;
import dev.tokenkeeper.server.connection.ImportRequest;
import dev.tokenkeeper.server.demo.DemoProviders;
import dev.tokenkeeper.server.demo.ScratchTokenkeeper;
import dev.tokenkeeper.server.http.Json;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the load runs against: a Tokenkeeper on a scratch embedded PostgreSQL (proactive refresh off, so the runs
 * measure the request paths alone) and a well-behaved fake provider with one-hour tokens, registered as
 * {@value #PROVIDER}, with the connections imported and their access tokens kept for the direct baseline.
 */
final class BenchTarget implements AutoCloseable {
    static final String PROVIDER = "bench";

    private final ScratchTokenkeeper scratch;
    private final FakeProvider provider;
    private final Secret apiKey;
    private final List<Imported> connections;

    /** One imported connection and the access token it holds (for calling the provider directly). */
    record Imported(String id, Secret accessToken) {
        Imported {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(accessToken, "accessToken");
        }
    }

    private BenchTarget(ScratchTokenkeeper scratch, FakeProvider provider, Secret apiKey, List<Imported> connections) {
        this.scratch = scratch;
        this.provider = provider;
        this.apiKey = apiKey;
        this.connections = List.copyOf(connections);
    }

    static BenchTarget start(int connections) {
        Secret apiKey = ApiKeys.generate();
        ScratchTokenkeeper scratch = ScratchTokenkeeper.start(new ServerSettings("127.0.0.1", 0,
                URI.create("http://127.0.0.1:" + ServerSettings.DEFAULT_PORT), apiKey)
                .withTokenPath(TokenPathSettings.fromEnvironment(System.getenv())), false); // e.g. the cache off
        FakeProvider provider = FakeProvider.start();
        scratch.closeFirst(provider);
        try {
            Tokenkeeper tokenkeeper = scratch.tokenkeeper();
            tokenkeeper.parts().providers().save(DemoProviders.config(PROVIDER, provider,
                    FakeProvider.DEFAULT_CLIENT_ID, Secret.of(FakeProvider.DEFAULT_CLIENT_SECRET)).build());
            List<Imported> imported = new ArrayList<>(connections);
            for (int i = 0; i < connections; i++) {
                imported.add(importOne(tokenkeeper, provider, "%s-%05d".formatted(PROVIDER, i)));
            }
            return new BenchTarget(scratch, provider, apiKey, imported);
        } catch (RuntimeException | Error e) {
            scratch.close();
            throw e;
        }
    }

    URI tokenkeeperUrl() {
        return scratch.tokenkeeper().baseUrl();
    }

    URI providerUrl() {
        return provider.apiBaseUrl();
    }

    Secret apiKey() {
        return apiKey;
    }

    List<Imported> connections() {
        return connections;
    }

    @Override
    public void close() {
        scratch.close();
    }

    /** Imports one connection holding a fresh grant of the provider registered as {@value #PROVIDER}. */
    static Imported importOne(Tokenkeeper tokenkeeper, FakeProvider provider, String id) {
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        ObjectNode credentials = Json.object()
                .put("access_token", grant.accessToken())
                .put("refresh_token", grant.refreshToken())
                .put("token_type", "Bearer")
                .put("expires_in", grant.expiresIn().toSeconds());
        tokenkeeper.parts().connections().importConnection(new ImportRequest(PROVIDER, id, credentials, Map.of()));
        return new Imported(id, Secret.of(grant.accessToken()));
    }
}
