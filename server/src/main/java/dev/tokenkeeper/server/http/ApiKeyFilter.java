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
 * never mistaken for a provider's. Unknown paths need the key too, so routes cannot be probed without one. The admin
 * console's paths ({@code /admin} and under it) never take the key: apart from its sign-in page and stylesheet they
 * go to the {@link SessionGate}, which needs a console session cookie.
 */
public final class ApiKeyFilter implements Filter {
    /** The paths anyone may call: health, metrics, and the OAuth callback providers redirect browsers to. */
    public static final Set<String> PUBLIC_PATHS = Set.of("/health/live", "/health/ready", "/metrics",
            "/oauth/callback");
    /** The admin console's public paths: its sign-in page (GET, POST) and its stylesheet. */
    public static final Set<String> ADMIN_PUBLIC_PATHS = Set.of("/admin/sign-in", "/admin/style.css");
    private final Predicate<Secret> knownKey;
    private final SessionGate adminGate;

    /** The public reconnect links' route, {@code GET /r/{token}}: one segment under it. */
    public static final String RECONNECT_LINK_PREFIX = "/r/";

    /**
     * Whether anyone may call the path: one of {@link #PUBLIC_PATHS} or {@link #ADMIN_PUBLIC_PATHS}, or a reconnect
     * link's {@code /r/<token>}.
     */
    public static boolean isPublic(String path) {
        return PUBLIC_PATHS.contains(path) || ADMIN_PUBLIC_PATHS.contains(path)
                || path.startsWith(RECONNECT_LINK_PREFIX) && path.length() > RECONNECT_LINK_PREFIX.length()
                && path.indexOf('/', RECONNECT_LINK_PREFIX.length()) < 0;
    }

    /** Whether the path is the admin console's: {@code /admin} or under it. */
    public static boolean isAdmin(String path) {
        return path.equals("/admin") || path.startsWith("/admin/");
    }

    /** A filter accepting the keys {@code knownKey} accepts (it must compare in constant time); no console session. */
    public ApiKeyFilter(Predicate<Secret> knownKey) {
        this(knownKey, SessionGate.NONE);
    }

    /** A filter as {@link #ApiKeyFilter(Predicate)}; the console's non-public paths are {@code adminGate}'s. */
    public ApiKeyFilter(Predicate<Secret> knownKey, SessionGate adminGate) {
        this.knownKey = Objects.requireNonNull(knownKey, "knownKey");
        this.adminGate = Objects.requireNonNull(adminGate, "adminGate");
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
        if (isAdmin(request.path().path())) {
            adminGate.admit(chain, request, response);
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
