package dev.tokenkeeper.server.demo;

import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.RotationSettings;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.provider.PostgresProviderDirectory;
import dev.tokenkeeper.fake.ExpiresStyle;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The demo's two hostile fake providers, running on loopback and registered with Tokenkeeper: acme rotates refresh
 * tokens with reuse detection and states {@code expires_in} as a string; globex leaves the refresh token out of its
 * refresh answers and, on cue, throttles (429 with {@code Retry-After}) or fails (a short storm of 503s).
 */
public final class DemoProviders implements AutoCloseable {
    public static final String ACME = "acme";
    public static final String GLOBEX = "globex";
    /** How many globex token requests each throttle answers with 429. */
    public static final int THROTTLED_REQUESTS = 2;
    /** How many globex token requests the storm answers with 503. */
    public static final int STORM_REQUESTS = 6;

    private final List<DemoProvider> providers;

    private DemoProviders(List<DemoProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /**
     * Starts both fakes, their first access tokens (and those of grants made by the connect flow) living
     * {@code tokenLifetime}, and registers them in {@code directory}.
     */
    public static DemoProviders start(PostgresProviderDirectory directory, Duration tokenLifetime) {
        List<DemoProvider> started = new ArrayList<>();
        try {
            started.add(start(ACME, true, true,
                    "rotates refresh tokens with reuse detection, states expires_in as a string", tokenLifetime));
            started.add(start(GLOBEX, false, false,
                    "leaves the refresh token out of refresh answers, throttles (429 + Retry-After), has a 5xx storm",
                    tokenLifetime));
            started.get(0).fake().quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                    .expiresStyle(ExpiresStyle.SECONDS_STRING);
            started.get(1).fake().quirks().omitRefreshTokenOnRefresh(true);
            for (DemoProvider provider : started) {
                directory.save(config(provider));
            }
            return new DemoProviders(started);
        } catch (RuntimeException | Error e) {
            started.forEach(provider -> provider.fake().close());
            throw e;
        }
    }

    /** A provider config for a fake provider and one of its registered clients (the benchmarks use it too). */
    public static ProviderConfig.Builder config(String key, FakeProvider fake, String clientId, Secret clientSecret) {
        return ProviderConfig.builder(key)
                .authorizationUrl(fake.authorizationUrl())
                .tokenUrl(fake.tokenUrl())
                .revocationUrl(fake.revocationUrl())
                .apiBaseUrl(fake.apiBaseUrl())
                .clientId(clientId)
                .clientSecret(clientSecret)
                .scopes(List.of("read"));
    }

    public List<DemoProvider> all() {
        return providers;
    }

    /** The provider with this key. */
    public DemoProvider get(String key) {
        return providers.stream().filter(provider -> provider.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo provider " + key));
    }

    /** globex answers its next {@value #THROTTLED_REQUESTS} token requests with 429 and this Retry-After. */
    public void throttleGlobex(Duration retryAfter) {
        get(GLOBEX).fake().quirks().throttleNextTokenRequests(THROTTLED_REQUESTS, retryAfter);
    }

    /** globex answers its next {@value #STORM_REQUESTS} token requests with 503 and an HTML page. */
    public void stormGlobex() {
        get(GLOBEX).fake().quirks().serverErrorNextTokenRequests(STORM_REQUESTS, 503, true);
    }

    @Override
    public void close() {
        providers.forEach(provider -> provider.fake().close());
    }

    private static DemoProvider start(String key, boolean rotates, boolean stringExpiry, String quirks,
            Duration tokenLifetime) {
        FakeProvider fake = FakeProvider.start();
        String clientId = key + "-demo-client";
        Secret clientSecret = Secret.of("demo-secret-" + UUID.randomUUID());
        fake.registerClient(clientId, clientSecret.reveal());
        fake.quirks().accessTokenLifetime(tokenLifetime);
        return new DemoProvider(key, fake, clientId, clientSecret, rotates, stringExpiry, quirks);
    }

    private static ProviderConfig config(DemoProvider provider) {
        return config(provider.key(), provider.fake(), provider.clientId(), provider.clientSecret())
                .rotation(new RotationSettings(provider.rotates(), Duration.ZERO))
                .build();
    }
}
