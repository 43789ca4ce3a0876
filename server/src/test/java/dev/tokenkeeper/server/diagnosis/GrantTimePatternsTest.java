package dev.tokenkeeper.server.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.LastError;
import dev.tokenkeeper.core.refresh.FailureClass;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrantTimePatternsTest {
    private static final Instant CREATED = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void refine_namesTestingMode_whenAPlainGrantDeathComesBetweenSixAndAHalfAndSevenAndAHalfDays() {
        assertThat(refined(Cause.GRANT_INVALID, CREATED, Duration.ofHours(156))).isEqualTo(Cause.TESTING_MODE_EXPIRY);
        assertThat(refined(Cause.GRANT_EXPIRED_OR_REVOKED, CREATED, Duration.ofDays(7)))
                .isEqualTo(Cause.TESTING_MODE_EXPIRY);
        assertThat(refined(Cause.GRANT_INVALID, CREATED, Duration.ofHours(180))).isEqualTo(Cause.TESTING_MODE_EXPIRY);
        assertThat(refined(Cause.GRANT_INVALID, CREATED, Duration.ofHours(155))).isEqualTo(Cause.GRANT_INVALID);
        assertThat(refined(Cause.GRANT_INVALID, CREATED, Duration.ofHours(181))).isEqualTo(Cause.GRANT_INVALID);
    }

    @Test
    void refine_namesTheReconnectNotKept_whenAPlainGrantDeathComesWithinADayOfAReconnect() {
        Instant reconnectedAt = CREATED.plus(Duration.ofDays(2));

        assertThat(refined(Cause.GRANT_REVOKED, reconnectedAt, Duration.ofHours(23)))
                .isEqualTo(Cause.RECONNECT_NOT_KEPT);
        assertThat(refined(Cause.GRANT_REVOKED, reconnectedAt, Duration.ofHours(25))).isEqualTo(Cause.GRANT_REVOKED);
        assertThat(refined(Cause.GRANT_REVOKED, CREATED, Duration.ofHours(2))).isEqualTo(Cause.GRANT_REVOKED);
    }

    @Test
    void refine_keepsTheProvidersFinerReason_andACauseThatAlreadySaysIt() {
        Instant reconnectedAt = CREATED.plus(Duration.ofDays(2));

        assertThat(refined(Cause.PASSWORD_CHANGED, CREATED, Duration.ofDays(7))).isEqualTo(Cause.PASSWORD_CHANGED);
        assertThat(refined(Cause.TESTING_MODE_EXPIRY, CREATED, Duration.ofDays(7)))
                .isEqualTo(Cause.TESTING_MODE_EXPIRY);
        assertThat(refined(Cause.RECONNECT_NOT_KEPT, reconnectedAt, Duration.ofHours(2)))
                .isEqualTo(Cause.RECONNECT_NOT_KEPT);
    }

    @Test
    void describe_statesWhenTheGrantWasObtainedAndRefused() {
        Connection connection = needsReauth(Cause.GRANT_INVALID, CREATED.plus(Duration.ofDays(2)), Duration.ofHours(3));

        assertThat(GrantTimePatterns.describe(connection)).contains("the grant was obtained at 2026-03-03T10:00:00Z"
                + " (a reconnect) and refused at 2026-03-03T13:00:00Z, 3 h 0 min later");
    }

    /** The cause of a grant obtained at {@code grantedAt} and refused {@code lived} later with {@code stored}. */
    private static Cause refined(Cause stored, Instant grantedAt, Duration lived) {
        return GrantTimePatterns.refine(stored, needsReauth(stored, grantedAt, lived)).orElse(stored);
    }

    private static Connection needsReauth(Cause stored, Instant grantedAt, Duration lived) {
        Instant refusedAt = grantedAt.plus(lived);
        TokenSet tokens = new TokenSet(Secret.of("at"), Secret.of("rt"), "Bearer", grantedAt,
                grantedAt.plus(Duration.ofHours(1)), List.of(), Map.of());
        LastError error = new LastError(FailureClass.NEEDS_REAUTH,
                FailureReason.of("invalid_grant", "The provider refused the refresh token.", stored), refusedAt);
        return new Connection("c-1", "google", ConnectionState.NEEDS_REAUTH, tokens, 3, null, null, 0, 0, error,
                Map.of(), CREATED, refusedAt, grantedAt);
    }
}
