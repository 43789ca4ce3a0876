package dev.tokenkeeper.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.provider.ExpiresInUnit;
import dev.tokenkeeper.core.provider.TokenResponseSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A provider's documented refresh-token lifetime (from issue) and idle limit (unused) give the refresh token an expiry
 * when the answer states none; a refresh renews an idle limit, and the schedule refreshes before either runs out.
 */
class RefreshTokenLifetimeTest {
    private static final Instant SENT_AT = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration SIXTY_DAYS = Duration.ofDays(60);
    private static final Duration SIX_MONTHS = Duration.ofDays(180);
    private static final TokenResponseSettings LIFETIME =
            new TokenResponseSettings(ExpiresInUnit.SECONDS, null, SIXTY_DAYS, null);
    private static final TokenResponseSettings IDLE =
            new TokenResponseSettings(ExpiresInUnit.SECONDS, null, null, SIX_MONTHS);

    @Test
    void aDocumentedLifetime_givesTheIssuedRefreshTokenItsExpiry_whenTheAnswerStatesNone() {
        TokenSet tokens = parse("""
                {"access_token": "at", "refresh_token": "rt", "expires_in": 1800}""", SENT_AT, LIFETIME);

        assertThat(tokens.refreshTokenExpiresAt()).isEqualTo(SENT_AT.plus(SIXTY_DAYS));
    }

    @Test
    void aStatedLifetime_winsOverTheDocumentedOne() {
        TokenSet tokens = parse("""
                {"access_token": "at", "refresh_token": "rt", "expires_in": 3600,
                 "x_refresh_token_expires_in": 86400}""", SENT_AT, LIFETIME);

        assertThat(tokens.refreshTokenExpiresAt()).isEqualTo(SENT_AT.plus(Duration.ofDays(1)));
    }

    @Test
    void anIdleLimit_isRenewedByEachRefresh_thatKeepsTheRefreshToken() {
        TokenSet imported = parse("""
                {"access_token": "at-1", "refresh_token": "rt"}""", SENT_AT, IDLE);
        Instant later = SENT_AT.plus(Duration.ofDays(100));
        TokenSet refreshed = parse("""
                {"access_token": "at-2"}""", later, IDLE);

        TokenSet merged = TokenMerge.merge(imported, refreshed, IDLE.refreshTokenIdle());

        assertThat(imported.refreshTokenExpiresAt()).isEqualTo(SENT_AT.plus(SIX_MONTHS));
        assertThat(merged.refreshToken().reveal()).isEqualTo("rt");
        assertThat(merged.refreshTokenExpiresAt()).isEqualTo(later.plus(SIX_MONTHS));
        assertThat(TokenMerge.merge(imported, refreshed).refreshTokenExpiresAt())
                .as("without an idle limit a kept refresh token keeps its expiry")
                .isEqualTo(imported.refreshTokenExpiresAt());
    }

    @Test
    void aGrantWhoseAccessTokenStatesNoExpiry_isStillRefreshed_beforeItsRefreshTokenIdlesOut() {
        TokenSet tokens = parse("""
                {"access_token": "at", "refresh_token": "rt"}""", SENT_AT, IDLE);

        Instant next = ExpiryPolicy.DEFAULT.nextRefreshAt(tokens, new SplittableRandom(7));

        assertThat(tokens.expiresAt()).isNull();
        assertThat(next).isNotNull().isBefore(SENT_AT.plus(SIX_MONTHS)).isAfter(SENT_AT.plus(Duration.ofDays(170)));
    }

    private static TokenSet parse(String body, Instant sentAt, TokenResponseSettings settings) {
        TokenParse parse = TokenResponseParser.parse("application/json", body, sentAt, settings);
        assertThat(parse).isInstanceOf(TokenParse.Parsed.class);
        return ((TokenParse.Parsed) parse).tokens();
    }
}
