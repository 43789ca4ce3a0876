package dev.tokenkeeper.fake;

import java.time.Duration;
import java.util.Objects;

/** A typed key of one switchable quirk with the value that applies when no scope sets it. */
final class Quirk<T> {
    static final Quirk<RefreshTokenPolicy> REFRESH_TOKENS = new Quirk<>("refreshTokens", RefreshTokenPolicy.REUSE);
    static final Quirk<Boolean> REUSE_DETECTION = new Quirk<>("reuseDetection", false);
    static final Quirk<Duration> REUSE_GRACE = new Quirk<>("reuseGracePeriod", Duration.ZERO);
    static final Quirk<Boolean> OMIT_REFRESH_TOKEN = new Quirk<>("omitRefreshTokenOnRefresh", false);
    static final Quirk<ExpiresStyle> EXPIRES_STYLE = new Quirk<>("expiresStyle", ExpiresStyle.SECONDS);
    static final Quirk<Duration> ACCESS_TOKEN_LIFETIME = new Quirk<>("accessTokenLifetime", Duration.ofHours(1));
    static final Quirk<TokenErrorStyle> TOKEN_ERROR_STYLE = new Quirk<>("tokenErrorStyle", TokenErrorStyle.OAUTH);
    static final Quirk<InvalidTokenAnswer> INVALID_TOKEN_ANSWER =
            new Quirk<>("invalidTokenAnswer", InvalidTokenAnswer.UNAUTHORIZED);
    static final Quirk<ClientRejection> WRONG_SECRET_ANSWER =
            new Quirk<>("wrongSecretAnswer", ClientRejection.INVALID_CLIENT);
    static final Quirk<Boolean> REFUSE_REFRESH = new Quirk<>("refuseRefresh", false);
    static final Quirk<Integer> REFRESH_TOKEN_CAP = new Quirk<>("refreshTokenCap", Integer.MAX_VALUE);
    static final Quirk<Duration> TOKEN_LATENCY = new Quirk<>("tokenLatency", Duration.ZERO);
    static final Quirk<Duration> TOKEN_LATENCY_SPREAD = new Quirk<>("tokenLatencySpread", Duration.ZERO);
    static final Quirk<Boolean> DENY_AUTHORIZATION = new Quirk<>("denyAuthorization", false);
    static final Quirk<ClientAuthPlace> CLIENT_AUTH_PLACE = new Quirk<>("clientAuthPlace", ClientAuthPlace.EITHER);
    static final Quirk<RevocationShape> REVOCATION_SHAPE = new Quirk<>("revocationShape", RevocationShape.ANY);

    private final String name;
    private final T defaultValue;

    private Quirk(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name);
        this.defaultValue = Objects.requireNonNull(defaultValue);
    }

    T defaultValue() {
        return defaultValue;
    }

    @Override
    public String toString() {
        return name;
    }
}
