package dev.tokenkeeper.server.http;

import dev.tokenkeeper.core.token.Secret;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Lets a {@code /v1} request through only with {@code Authorization: Bearer <api key>} of a known key; anything else
 * is Tokenkeeper's own 401 (marked {@code Tokenkeeper-Remote-Error: false}), never mistaken for a provider's.
 */
public final class ApiKeyFilter implements Filter {
    private static final String PROTECTED_PREFIX = "/v1/";
    private final Predicate<Secret> knownKey;

    /** A filter accepting the keys {@code knownKey} accepts (it must compare in constant time). */
    public ApiKeyFilter(Predicate<Secret> knownKey) {
        this.knownKey = Objects.requireNonNull(knownKey, "knownKey");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().rawPath();
        if (!path.startsWith(PROTECTED_PREFIX) && !path.equals("/v1")) {
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
