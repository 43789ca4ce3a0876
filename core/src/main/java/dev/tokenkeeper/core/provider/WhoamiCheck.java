package dev.tokenkeeper.core.provider;

import java.util.Objects;
import java.util.Set;

/**
 * A cheap authenticated API call that proves a token works, used by diagnostics.
 *
 * @param method HTTP method (GET, POST, …)
 * @param path   path below the provider's API base URL, starting with '/'
 */
public record WhoamiCheck(String method, String path) {
    private static final Set<String> METHODS = Set.of("GET", "POST", "HEAD");

    public WhoamiCheck {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("whoami.method must be GET, POST or HEAD");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("whoami.path must start with '/'");
        }
    }
}
