package dev.tokenkeeper.server.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.http.Json;
import dev.tokenkeeper.fake.IssuedGrant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Imports the demo's connections through {@code POST /v1/connections}, alternating between the providers: each is a
 * grant minted at its fake provider with an access token of its own lifetime, imported part-used so that the first
 * refreshes come within seconds and then spread out.
 */
final class DemoImport {
    private DemoImport() {}

    static List<DemoConnection> run(DemoApi api, DemoProviders providers, int count, DemoTimings timings,
            RandomGenerator random) {
        List<DemoConnection> imported = new ArrayList<>(count);
        List<DemoProvider> all = providers.all();
        for (int i = 0; i < count; i++) {
            DemoProvider provider = all.get(i % all.size());
            String id = "%s-%02d".formatted(provider.key(), i / all.size() + 1);
            IssuedGrant grant = provider.fake().issueGrant(provider.clientId(), "read");
            long lifetime = random.nextLong(timings.shortestToken().toSeconds(), timings.longestToken().toSeconds() + 1);
            provider.fake().grantQuirks(grant.grantId()).accessTokenLifetime(Duration.ofSeconds(lifetime));
            long left = Math.max(DemoTimings.MIN_TOKEN.toSeconds(), random.nextLong(lifetime / 3, lifetime + 1));
            DemoApi.Reply reply = api.post("/v1/connections", body(provider, id, grant, left, i / all.size() + 1));
            if (!reply.success()) {
                throw new IllegalStateException("importing " + id + " failed: " + reply.status() + " " + reply.code()
                        + " " + reply.body().path("detail").asText(""));
            }
            imported.add(new DemoConnection(id, provider.key(), grant.grantId()));
        }
        return List.copyOf(imported);
    }

    private static ObjectNode body(DemoProvider provider, String id, IssuedGrant grant, long expiresIn, int customer) {
        ObjectNode body = Json.object();
        body.put("provider", provider.key());
        body.put("connection_id", id);
        ObjectNode credentials = body.putObject("credentials");
        credentials.put("access_token", grant.accessToken());
        credentials.put("refresh_token", grant.refreshToken());
        credentials.put("token_type", "Bearer");
        credentials.put("scope", "read");
        if (provider.stringExpiry()) {
            credentials.put("expires_in", Long.toString(expiresIn));
        } else {
            credentials.put("expires_in", expiresIn);
        }
        body.putObject("metadata").put("customer", "customer-%02d".formatted(customer));
        return body;
    }
}
