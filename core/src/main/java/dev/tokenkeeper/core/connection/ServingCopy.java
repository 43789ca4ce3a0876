package dev.tokenkeeper.core.connection;

import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.core.token.ExpiryPolicy;
import dev.tokenkeeper.core.token.TokenSet;
import java.util.Objects;

/**
 * A stored connection as the token path's hit reads it: the connection, the times the hit compares, as longs
 * computed once, and the answer a hit gives, made once, so that a hit reads this one object instead of the
 * connection's graph (the connection, its tokens, three instants) and allocates nothing. A store that serves hot
 * traffic keeps one per stored version ({@code ConnectionStore.findToServe}).
 */
public final class ServingCopy {
    private final Connection connection;
    private final TokenAnswer.Fresh answer;
    private final boolean active;
    private final long refreshAtNanos;
    private final long expiresAtNanos;
    private final long halfLifetimeNanos;

    private ServingCopy(Connection connection) {
        TokenSet tokens = connection.tokens();
        this.connection = connection;
        this.answer = new TokenAnswer.Fresh(connection);
        this.active = connection.state() == ConnectionState.ACTIVE;
        this.refreshAtNanos = ExpiryPolicy.epochNanos(connection.nextRefreshAt());
        this.expiresAtNanos = ExpiryPolicy.epochNanos(tokens.expiresAt());
        this.halfLifetimeNanos = ExpiryPolicy.halfLifetimeNanos(tokens);
    }

    /** The serving copy of {@code connection}. */
    public static ServingCopy of(Connection connection) {
        return new ServingCopy(Objects.requireNonNull(connection, "connection"));
    }

    /** The connection it copies. */
    public Connection connection() {
        return connection;
    }

    /**
     * The answer of a get served by this copy: the connection as fresh, the same object every time (an answer is a
     * value, and allocating one per hit made a collection a second under load).
     */
    public TokenAnswer.Fresh answer() {
        return answer;
    }

    /**
     * Whether the hit may answer with this copy at the epoch millisecond {@code nowMillis}: the connection is active
     * and its token plainly fresh by {@code policy} ({@link ExpiryPolicy#fresh(long, long, long, long)}). Longs only.
     */
    public boolean freshAt(ExpiryPolicy policy, long nowMillis) {
        return active && policy.fresh(refreshAtNanos, expiresAtNanos, halfLifetimeNanos, nowMillis);
    }

    /**
     * Whether the connection is active and its token usable by {@code policy} throughout the epoch millisecond
     * {@code nowMillis} ({@link ExpiryPolicy#usable(long, long, long)}), due for a refresh or not. Longs only.
     */
    public boolean usableAt(ExpiryPolicy policy, long nowMillis) {
        return active && policy.usable(expiresAtNanos, halfLifetimeNanos, nowMillis);
    }

    @Override
    public String toString() {
        return "ServingCopy[" + connection.id() + ", generation " + connection.generation() + "]";
    }
}
