package dev.tokenkeeper.postgres;

import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Connections to the fake provider, created as an import of tokens the product already holds would create them. */
public final class TestConnections {
    /** The provider key of {@link #providerConfig}, which {@link #importExpired} connections refer to. */
    public static final String PROVIDER_KEY = "fake";

    private TestConnections() {}

    /** The fake provider's config, with its default client. */
    public static ProviderConfig providerConfig(FakeProvider provider) {
        return providerConfig(provider, UnaryOperator.identity());
    }

    /** The fake provider's config, with its default client, adjusted by {@code change}. */
    public static ProviderConfig providerConfig(FakeProvider provider, UnaryOperator<ProviderConfig.Builder> change) {
        return change.apply(ProviderConfig.builder(PROVIDER_KEY).tokenUrl(provider.tokenUrl())
                .clientId(FakeProvider.DEFAULT_CLIENT_ID)
                .clientSecret(Secret.of(FakeProvider.DEFAULT_CLIENT_SECRET))).build();
    }

    /** Mints a grant and stores it as connection {@code id}, whose access token expired an hour ago. */
    public static IssuedGrant importExpired(FakeProvider provider, ConnectionStore store, String id) {
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        Instant now = Instant.now();
        TokenSet tokens = new TokenSet(Secret.of(grant.accessToken()), Secret.of(grant.refreshToken()), null,
                now.minusSeconds(7200), now.minusSeconds(3600), List.of(), Map.of("instance_url", "https://x"));
        store.create(ConnectionLifecycle.created(id, PROVIDER_KEY, tokens, Map.of(), now, null));
        return grant;
    }

    /**
     * Mints {@code count} grants and stores them as connections {@code <prefix>-0…}, whose proactive refreshes fall
     * due one after another over the next {@code spread} (the i-th at i/count of it after it was stored, never
     * overdue when stored).
     *
     * @return each connection id with its grant, in order
     */
    public static Map<String, IssuedGrant> importDueOver(FakeProvider provider, ConnectionStore store, String prefix,
            int count, Duration spread) {
        Map<String, IssuedGrant> grants = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
            // each one's own time: on a busy machine storing hundreds takes seconds, and a connection stored already
            // overdue would show as scheduler lag
            Instant now = Instant.now();
            String id = prefix + "-" + i;
            TokenSet tokens = new TokenSet(Secret.of(grant.accessToken()), Secret.of(grant.refreshToken()), "Bearer",
                    now, now.plus(grant.expiresIn()), List.of(), Map.of());
            Instant due = now.plusMillis(spread.toMillis() * i / count);
            if (!store.create(ConnectionLifecycle.created(id, PROVIDER_KEY, tokens, Map.of(), now, due))) {
                throw new IllegalStateException("connection exists: " + id);
            }
            grants.put(id, grant);
        }
        return grants;
    }
}
