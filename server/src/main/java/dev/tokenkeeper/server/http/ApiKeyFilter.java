package dev.tokenkeeper.server.http;

import dev.tokenkeeper.core.token.Secret;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one place that decides who may reach a route, before routing. A target not spelled the way the router reads it
 * is refused with 400 {@code non_canonical_path} ({@link CanonicalTarget}); then every path needs
 * {@code Authorization: Bearer <api key>} of a known key unless it is public ({@link #isPublic}: {@link #PUBLIC_PATHS}
 * or a reconnect link's {@code /r/<token>}), decided on the very
 * path the router matches. Anything else is Tokenkeeper's own 401 (marked {@code Tokenkeeper-Remote-Error: false}),
 * never mistaken for a provider's. Unknown paths need the key too, so routes cannot be probed without one.
 */
public final class ApiKeyFilter implements Filter {
    /** The paths anyone may call: health, metrics, and the OAuth callback providers redirect browsers to. */
    public static final Set<String> PUBLIC_PATHS = Set.of("/health/live", "/health/ready", "/metrics",
            "/oauth/callback");
    private final Predicate<Secret> knownKey;

    /** The public reconnect links' route, {@code GET /r/{token}}: one segment under it. */
    public static final String RECONNECT_LINK_PREFIX = "/r/";

    /** Whether anyone may call the path: one of {@link #PUBLIC_PATHS}, or a reconnect link's {@code /r/<token>}. */
    public static boolean isPublic(String path) {
        return PUBLIC_PATHS.contains(path) || path.startsWith(RECONNECT_LINK_PREFIX)
                && path.length() > RECONNECT_LINK_PREFIX.length()
                && path.indexOf('/', RECONNECT_LINK_PREFIX.length()) < 0;
    }

    /** A filter accepting the keys {@code knownKey} accepts (it must compare in constant time). */
    public ApiKeyFilter(Predicate<Secret> knownKey) {
        this.knownKey = Objects.requireNonNull(knownKey, "knownKey");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Optional<String> nonCanonical = CanonicalTarget.problem(request.path().rawPath(), request.authority());
        if (nonCanonical.isEmpty() && request.prologue().fragment().hasValue()) {
            nonCanonical = Optional.of("the request target has a fragment ('#')");
        }
        if (nonCanonical.isPresent()) {
            Problems.send(response, ApiProblem.of(400, "non_canonical_path", "Non-canonical path",
                    nonCanonical.get() + "; send the path in its plain form"));
            return;
        }
        if (isPublic(request.path().path())) {
            chain.proceed();
            return;
        }
        Optional<Secret> presented = bearer(request.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
        if (presented.isEmpty()) {
            refuse(response, "send the API key as 'Authorization: Bearer <api key>'");
            return;
        }
        if (!knownKey.test(presented.get())) {
            refuse(response, "the API key is not valid");
            return;
        }
        chain.proceed();
    }

    private static Optional<Secret> bearer(String header) {
        if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String key = header.substring(7).strip();
        return key.isEmpty() ? Optional.empty() : Optional.of(Secret.of(key));
    }

    private static void refuse(RoutingResponse response, String detail) {
        response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"tokenkeeper\"");
        Problems.send(response, ApiProblem.of(401, "unauthorized", "Unauthorized", detail));
    }
}
