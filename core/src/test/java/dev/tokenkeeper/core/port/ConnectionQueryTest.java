package dev.tokenkeeper.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionQueryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1001, Integer.MAX_VALUE})
    void constructor_refusesALimitOutsideOneToAThousand(int limit) {
        assertThatThrownBy(() -> ConnectionQuery.all(limit))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be between 1 and 1000, not " + limit);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1000})
    void constructor_acceptsTheBoundsOfTheLimit(int limit) {
        assertThat(ConnectionQuery.all(limit).limit()).isEqualTo(limit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "Acme", "acme\u0000", "-acme"})
    void constructor_refusesAProviderKeyNoProviderCanHave(String providerKey) {
        assertThatThrownBy(() -> new ConnectionQuery(providerKey, null, null, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("providerKey must be null or a provider key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "c\u0000", "-c", "c/1", "é"})
    void constructor_refusesACursorNoConnectionCanHave(String afterId) {
        assertThatThrownBy(() -> new ConnectionQuery(null, null, afterId, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("afterId must be null or a connection id");
    }

    @Test
    void after_keepsTheFiltersAndLimit_andMovesTheCursor() {
        ConnectionQuery first = new ConnectionQuery("acme", ConnectionState.ACTIVE, null, 50);

        assertThat(first.after("c-7")).isEqualTo(new ConnectionQuery("acme", ConnectionState.ACTIVE, "c-7", 50));
    }

    @Test
    void matches_appliesEveryFilter_andOnlyIdsStrictlyAfterTheCursor() {
        Connection acme = connection("b-1", "acme");

        assertThat(ConnectionQuery.all(10).matches(acme)).isTrue();
        assertThat(new ConnectionQuery("acme", ConnectionState.ACTIVE, "a-9", 10).matches(acme)).isTrue();
        assertThat(new ConnectionQuery("globex", null, null, 10).matches(acme)).isFalse();
        assertThat(new ConnectionQuery(null, ConnectionState.NEEDS_REAUTH, null, 10).matches(acme)).isFalse();
        assertThat(ConnectionQuery.all(10).after("b-1").matches(acme)).isFalse();
        assertThat(ConnectionQuery.all(10).after("B-2").matches(acme)).isTrue();
    }

    private static Connection connection(String id, String provider) {
        TokenSet tokens = new TokenSet(Secret.of("at"), Secret.of("rt"), "bearer", T0, null, List.of(), Map.of());
        return ConnectionLifecycle.created(id, provider, tokens, Map.of(), T0, null).after();
    }
}
