package dev.tokenkeeper.bench.library;

import dev.tokenkeeper.core.provider.ClientAuth;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.GrantRevocation;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One scenario of the library bench: a fresh fake provider whose access tokens live {@code lifetime} and whose
 * refresh tokens rotate with reuse detection; the same connections (each side its own grants) on three sides (the
 * library, and the ideal cache on each of its two schedules); a warm-up of each side, then each side's measured time
 * split into two phases, in the order library, ideal, ideal ahead, ideal ahead, ideal, library, on the same threads,
 * each after an unmeasured settling run of the same side as long as the warm-up.
 */
final class Scenario {
    private static final String PROVIDER = "fake";

    private Scenario() {}

    /**
     * Runs the scenario; in the answer the library first, then the ideal cache refreshing once unusable, then the
     * ideal cache refreshing ahead on the engine's schedule.
     */
    static List<SideResult> run(Duration lifetime, LibrarySettings settings, Timebase time, PrintStream progress)
            throws InterruptedException {
        try (FakeProvider provider = FakeProvider.start();
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
                LibrarySource library = new LibrarySource(config(provider), time.clock())) {
            provider.quirks().accessTokenLifetime(lifetime).refreshTokens(RefreshTokenPolicy.ROTATE)
                    .reuseDetection(true);
            List<TokenSource> sides = List.of(library,
                    new IdealCache(client, provider.tokenUrl(), basicAuth(), time, false),
                    new IdealCache(client, provider.tokenUrl(), basicAuth(), time, true));
            Map<TokenSource, Set<String>> grants = new HashMap<>();
            Map<TokenSource, GetTally> tallies = new HashMap<>();
            Map<TokenSource, Long> refreshCalls = new HashMap<>();
            for (TokenSource side : sides) {
                grants.put(side, new HashSet<>());
                tallies.put(side, new GetTally());
                refreshCalls.put(side, 0L);
            }
            String[] ids = new String[settings.connections()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = "conn-" + i;
                grants.get(library).add(importInto(library, provider, ids[i]));
                for (TokenSource side : sides.subList(1, sides.size())) {
                    IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
                    ((IdealCache) side).put(ids[i], grant.accessToken(), grant.refreshToken(), grant.expiresIn());
                    grants.get(side).add(grant.grantId());
                }
            }
            try (GetLoad load = new GetLoad(settings.threads(), ids, time)) {
                progress.printf("bench library: %s tokens, warm-up %d s per side%n", lifetime,
                        settings.warmup().toSeconds());
                for (TokenSource side : sides) {
                    settle(load, side, settings, progress);
                }
                Duration half = settings.measured().dividedBy(2);
                progress.printf("bench library: %s tokens, measuring %d s per side%n", lifetime,
                        settings.measured().toSeconds());
                List<TokenSource> order = new ArrayList<>(sides);
                order.addAll(sides.reversed());
                for (TokenSource side : order) {
                    // Unmeasured: the other side's phase left every short token expired, and the refreshes that
                    // brings at once are not the steady state; nor is a JIT still compiling this side's code.
                    settle(load, side, settings, progress);
                    long before = refreshes(provider, grants.get(side));
                    GetTally tally = tallies.get(side);
                    long getsBefore = tally.gets();
                    String activity = load.run(side, half, tally);
                    progress.printf(Locale.ROOT, "bench library: %s, %s: %,.0f gets/s; %s%n", lifetime, side.name(),
                            (tally.gets() - getsBefore) * 1e9 / half.toNanos(), activity);
                    refreshCalls.merge(side, refreshes(provider, grants.get(side)) - before, Long::sum);
                }
                List<SideResult> results = new ArrayList<>();
                for (TokenSource side : sides) {
                    results.add(new SideResult(side.name(), tallies.get(side), refreshCalls.get(side),
                            revoked(provider, grants.get(side))));
                }
                return results;
            }
        }
    }

    private static void settle(GetLoad load, TokenSource side, LibrarySettings settings, PrintStream progress)
            throws InterruptedException {
        GetLoad.Settled settled = load.settle(side, settings.warmup(), settings.settleLimit());
        progress.printf(Locale.ROOT, "bench library: %s ran unmeasured %.0f s, %s%n", side.name(),
                settled.took().toMillis() / 1e3, settled.quiet() ? "until the JIT was quiet"
                        : "the limit, with the JIT still compiling");
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
