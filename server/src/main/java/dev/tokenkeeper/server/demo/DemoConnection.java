package dev.tokenkeeper.server.demo;

import java.util.Objects;

/**
 * One connection the demo imported, and the grant behind it at its fake provider.
 *
 * @param id       the connection id
 * @param provider the provider key
 * @param grantId  the fake provider's id of the grant
 */
public record DemoConnection(String id, String provider, String grantId) {
    public DemoConnection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(grantId, "grantId");
    }
}
