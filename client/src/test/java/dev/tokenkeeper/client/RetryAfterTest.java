package dev.tokenkeeper.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenkeeper.client.problem.RetryLaterException;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.testkit.clock.SettableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service's real 503 {@code token_unavailable} with {@code Retry-After}, provoked by a provider that throttles the
 * refresh: the client waits what the answer announced (its sleeper moves Tokenkeeper's clock on by that much instead
 * of sleeping) and asks again, as often and as long as its policy allows, then throws with {@code retryAfter}.
 */
class RetryAfterTest {
    private static final Duration THROTTLE = Duration.ofSeconds(20);
    private static final SettableClock CLOCK = new SettableClock();
    private static TestService service;
    private static TokenkeeperClient setup;

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final Sleeper advancingClock = duration -> {
        waits.add(duration);
        CLOCK.advance(duration);
    };

    @BeforeAll
    static void start() {
        service = TestService.start(false, UnaryOperator.identity(), CLOCK);
        setup = LiveServiceTest.clientOf(service);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void token_waitsTheAnnouncedRetryAfter_andRetries_whenTheRefreshWasThrottledOnce() {
        IssuedGrant grant = expiringGrant("retry-once", 1);

        String token = client().build().connections().token("retry-once").accessToken().reveal();

        assertThat(waits).singleElement().satisfies(this::isTheThrottle);
        assertThat(token).isEqualTo(service.provider.currentAccessToken(grant.grantId()).orElseThrow());
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(2);
    }

    @Test
    void token_throwsWithRetryAfter_whenTheRetriesAreSpent() {
        IssuedGrant grant = expiringGrant("retry-spent", 3);

        RetryLaterException unavailable = catchThrowableOfType(RetryLaterException.class,
                () -> client().maxRetryWait(Duration.ofMinutes(2)).build().connections().token("retry-spent"));

        assertThat(waits).hasSize(2).allSatisfy(this::isTheThrottle);
        assertThat(unavailable.code()).isEqualTo("token_unavailable");
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.retryAfter()).hasValueSatisfying(this::isTheThrottle);
        assertThat(unavailable.problem().retryAt()).isNotNull();
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(3);
    }

    @Test
    void token_waitsNoLongerThanTheCap_inAll() {
        expiringGrant("retry-capped", 3);

        RetryLaterException unavailable = catchThrowableOfType(RetryLaterException.class,
                () -> client().build().connections().token("retry-capped"));

        assertThat(waits).as("a second wait would pass the 30 s cap").singleElement().satisfies(this::isTheThrottle);
        assertThat(unavailable.retryAfter()).isPresent();
    }

    @Test
    void token_throwsAtOnce_withoutRetries() {
        expiringGrant("retry-never", 1);

        RetryLaterException unavailable = catchThrowableOfType(RetryLaterException.class,
                () -> client().maxRetries(0).build().connections().token("retry-never"));

        assertThat(waits).isEmpty();
        assertThat(unavailable.retryAfter()).hasValueSatisfying(this::isTheThrottle);
    }

    private TokenkeeperClient.Builder client() {
        return LiveServiceTest.builderOf(service).sleeper(advancingClock);
    }

    /** A connection whose token expired (Tokenkeeper's clock is past it), so asking for it refreshes; which fails. */
    private static IssuedGrant expiringGrant(String connectionId, int throttledRefreshes) {
        IssuedGrant grant = LiveServiceTest.importedInto(service, setup, connectionId, 2);
        CLOCK.advance(Duration.ofSeconds(5));
        service.provider.grantQuirks(grant.grantId()).throttleNextTokenRequests(throttledRefreshes, THROTTLE);
        return grant;
    }

    private void isTheThrottle(Duration wait) {
        assertThat(wait).isBetween(THROTTLE.minusSeconds(1), THROTTLE.plusSeconds(1));
    }
}
