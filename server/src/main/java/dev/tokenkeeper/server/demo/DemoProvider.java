package dev.tokenkeeper.server.demo;

import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.fake.FakeProvider;
import java.util.Objects;

/**
 * One of the demo's fake providers as Tokenkeeper knows it.
 *
 * @param key            the provider key the connections use
 * @param fake           the running fake provider
 * @param clientId       the client Tokenkeeper is registered as
 * @param clientSecret   that client's secret, made up for this run
 * @param rotates        whether every successful refresh answer replaces the refresh token
 * @param stringExpiry   whether it states {@code expires_in} as a string, imported grants included
 * @param quirks         what it does to make life hard, for the terminal
 */
public record DemoProvider(String key, FakeProvider fake, String clientId, Secret clientSecret, boolean rotates, boolean stringExpiry,
        String quirks) {
    public DemoProvider {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fake, "fake");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(quirks, "quirks");
    }
}
