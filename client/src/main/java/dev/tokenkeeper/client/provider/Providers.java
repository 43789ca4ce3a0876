package dev.tokenkeeper.client.provider;

import dev.tokenkeeper.client.internal.ApiCall;
import dev.tokenkeeper.client.internal.Transport;
import java.util.Objects;

/** The {@code /v1/providers} calls. */
public final class Providers {
    private final Transport transport;

    public Providers(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** {@code GET /v1/providers}: the stored configs and the catalog. */
    public ProviderList list() {
        return transport.read(ApiCall.get("/v1/providers"), ProviderList.class);
    }

    /** {@code GET /v1/providers/{key}}: a stored config, or a catalog key's template ({@code configured: false}). */
    public ProviderConfig get(String key) {
        return transport.read(ApiCall.get(path(key)), ProviderConfig.class);
    }

    /** {@code PUT /v1/providers/{key}}: creates or replaces the config. */
    public ProviderConfig put(String key, ProviderInput config) {
        return transport.read(ApiCall.of("PUT", path(key), config.toJson()).retryable(true), ProviderConfig.class);
    }

    /** {@code DELETE /v1/providers/{key}}: the config as it was; refused with 409 while connections use it. */
    public ProviderConfig delete(String key) {
        return transport.read(ApiCall.of("DELETE", path(key), null).retryable(true), ProviderConfig.class);
    }

    private static String path(String key) {
        return "/v1/providers/" + ApiCall.segment(key);
    }
}
