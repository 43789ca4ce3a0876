package dev.tokenkeeper.core.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A working connection's current cause names a refresh token that expires soon, so the user can be asked in time. */
class CurrentCauseTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration ESCALATION = Duration.ofDays(3);

    @Test
    void aWorkingGrant_isExpiring_withinAWeekOfItsRefreshTokensExpiry() {
        Instant expiry = T0.plus(Duration.ofDays(30));
        Connection connection = connection(expiry);

        CurrentCause early = CurrentCause.of(connection, expiry.minus(Duration.ofDays(8)), ESCALATION);
        CurrentCause late = CurrentCause.of(connection, expiry.minus(Duration.ofDays(6)), ESCALATION);
        CurrentCause past = CurrentCause.of(connection, expiry.plusSeconds(1), ESCALATION);

        assertThat(early.cause()).isEqualTo(Cause.NONE);
        assertThat(late).isEqualTo(new CurrentCause(Cause.REFRESH_TOKEN_EXPIRING,
                expiry.minus(ConnectionLifecycle.REFRESH_TOKEN_WARNING)));
        assertThat(past.cause()).isEqualTo(Cause.REFRESH_TOKEN_EXPIRING);
    }

    @Test
    void aGrantWithoutARefreshTokenExpiry_hasNoCause() {
        assertThat(CurrentCause.of(connection(null), T0.plus(Duration.ofDays(400)), ESCALATION).cause())
                .isEqualTo(Cause.NONE);
    }

    private static Connection connection(Instant refreshTokenExpiry) {
        TokenSet tokens = new TokenSet(Secret.of("at"), Secret.of("rt"), null, T0, T0.plusSeconds(3600), List.of(),
                Map.of(), refreshTokenExpiry);
        return ConnectionLifecycle.created("c-1", "acme", tokens, Map.of(), T0, null).after();
    }
}
