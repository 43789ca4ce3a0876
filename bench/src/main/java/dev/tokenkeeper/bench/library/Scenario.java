package dev.tokenkeeper.bench.library;

import dev.tokenkeeper.core.provider.ClientAuth;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.testkit.fake.FakeProvider;
import dev.tokenkeeper.testkit.fake.GrantRevocation;
import dev.tokenkeeper.testkit.fake.IssuedGrant;
import dev.tokenkeeper.testkit.fake.RefreshTokenPolicy;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One scenario of the library bench: a fresh fake provider whose access tokens live {@code lifetime} and whose
 * refresh tokens rotate with reuse detection; the same connections (each side its own grants) on both sides; a
 * warm-up of each side, then the measured time split into four alternating phases (library, ideal, ideal, library)
 * on the same threads, each after an unmeasured settling run of the same side as long as the warm-up.
 */
final class Scenario {
    private static final String PROVIDER = "fake";

    private Scenario() {}

    /** Runs the scenario; the library first, the ideal cache second in the answer. */
    static List<SideResult> run(Duration lifetime, LibrarySettings settings, Timebase time, PrintStream progress)
            throws InterruptedException {
        try (FakeProvider provider = FakeProvider.start();
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
                LibrarySource library = new LibrarySource(config(provider), time.clock())) {
            provider.quirks().accessTokenLifetime(lifetime).refreshTokens(RefreshTokenPolicy.ROTATE)
                    .reuseDetection(true);
            IdealCache ideal = new IdealCache(client, provider.tokenUrl(), basicAuth(), time);
            String[] ids = new String[settings.connections()];
            Set<String> libraryGrants = new HashSet<>();
            Set<String> idealGrants = new HashSet<>();
            for (int i = 0; i < ids.length; i++) {
                ids[i] = "conn-" + i;
                libraryGrants.add(importInto(library, provider, ids[i]));
                IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
                ideal.put(ids[i], grant.accessToken(), grant.refreshToken(), grant.expiresIn());
                idealGrants.add(grant.grantId());
            }
            GetTally libraryGets = new GetTally();
            GetTally idealGets = new GetTally();
            try (GetLoad load = new GetLoad(settings.threads(), ids, time)) {
                progress.printf("bench library: %s tokens, warm-up %d s per side%n", lifetime,
                        settings.warmup().toSeconds());
                load.run(library, settings.warmup(), null);
                load.run(ideal, settings.warmup(), null);
                Duration quarter = settings.measured().dividedBy(4);
                progress.printf("bench library: %s tokens, measuring %d s per side%n", lifetime,
                        settings.measured().toSeconds());
                long libraryRefreshes = 0;
                long idealRefreshes = 0;
                for (TokenSource side : List.<TokenSource>of(library, ideal, ideal, library)) {
                    boolean isLibrary = side == library;
                    Set<String> grants = isLibrary ? libraryGrants : idealGrants;
                    // Unmeasured: the other side's phase left every short token expired, and the refreshes that
                    // brings at once are not the steady state.
                    load.run(side, settings.warmup(), null);
                    long before = refreshes(provider, grants);
                    load.run(side, quarter, isLibrary ? libraryGets : idealGets);
                    long made = refreshes(provider, grants) - before;
                    libraryRefreshes += isLibrary ? made : 0;
                    idealRefreshes += isLibrary ? 0 : made;
                }
                return List.of(
                        new SideResult(library.name(), libraryGets, libraryRefreshes,
                                revoked(provider, libraryGrants)),
                        new SideResult(ideal.name(), idealGets, idealRefreshes, revoked(provider, idealGrants)));
            }
        }
    }

    private static String importInto(LibrarySource library, FakeProvider provider, String connectionId) {
        Instant now = library.clock().instant();
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        library.importTokens(connectionId, new TokenSet(Secret.of(grant.accessToken()),
                Secret.of(grant.refreshToken()), "Bearer", now, now.plus(grant.expiresIn()), List.of("read"),
                Map.of()));
        return grant.grantId();
    }

    private static long refreshes(FakeProvider provider, Set<String> grants) {
        long sum = 0;
        for (String grant : grants) {
            sum += provider.refreshCount(grant);
        }
        return sum;
    }

    private static long revoked(FakeProvider provider, Set<String> grants) {
        return provider.revokedGrants().stream().map(GrantRevocation::grantId).filter(grants::contains).count();
    }

    /** The fake's provider config, as the engine tests build it. */
    static ProviderConfig config(FakeProvider provider) {
        return ProviderConfig.builder(PROVIDER)
                .authorizationUrl(provider.authorizationUrl())
                .tokenUrl(provider.tokenUrl())
                .revocationUrl(provider.revocationUrl())
                .apiBaseUrl(provider.apiBaseUrl())
                .clientId(FakeProvider.DEFAULT_CLIENT_ID)
                .clientSecret(Secret.of(FakeProvider.DEFAULT_CLIENT_SECRET))
                .clientAuth(ClientAuth.CLIENT_SECRET_BASIC).build();
    }

    /** The Authorization header of the fake's default client (its id and secret need no form encoding). */
    static String basicAuth() {
        String pair = FakeProvider.DEFAULT_CLIENT_ID + ":" + FakeProvider.DEFAULT_CLIENT_SECRET;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
