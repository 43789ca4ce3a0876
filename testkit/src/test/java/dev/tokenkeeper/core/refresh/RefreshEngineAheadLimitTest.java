package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.testkit.clock.SettableClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RefreshSettings#refreshesAhead()} bounds the background refreshes running at once in one engine. The token
 * endpoint is held at a {@link TokenGate}, so a refresh ahead stays running as long as the test wants.
 */
class RefreshEngineAheadLimitTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final SettableClock clock = new SettableClock();
    private final EngineFixture fixture = new EngineFixture(clock);
    private final TokenGate gate = new TokenGate();
    private final RefreshEngine engine = fixture.engine(RefreshSettings.defaults("instance-a").withRefreshesAhead(1),
            gate::in);

    @AfterEach
    void close() {
        gate.open();
        fixture.close();
    }

    @Test
    void freshToken_startsNoSecondRefreshAhead_whileOneRunsAndRefreshesAheadIs1() throws Exception {
        EngineFixture.Imported first = fixture.importDue("first");
        EngineFixture.Imported second = fixture.importDue("second");
        assertThat(token(engine.freshToken(first.id()))).isEqualTo(Secret.of(first.grant().accessToken()));
        await().atMost(BOUND).until(() -> gate.arrived().size() == 1);

        assertThat(token(engine.freshToken(second.id()))).as("answered at once, without a refresh of its own")
                .isEqualTo(Secret.of(second.grant().accessToken()));

        // Had a refresh ahead of the second started, a caller whose token is no longer usable would join it and the
        // refresh would reach the provider on that background thread; with none, the caller leads one itself.
        clock.advance(Duration.ofHours(2));
        CompletableFuture<TokenAnswer> asked = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().start(() -> asked.complete(engine.freshToken(second.id())));
        await().atMost(BOUND).until(() -> gate.arrived().size() == 2);
        assertThat(gate.arrived().get(1)).as("the caller itself is at the provider").isSameAs(caller);
        gate.open();
        assertThat(token(asked.get(BOUND.toSeconds(), TimeUnit.SECONDS))).isEqualTo(
                Secret.of(fixture.provider.currentAccessToken(second.grantId()).orElseThrow()));
    }

    @Test
    void freshToken_startsTheNextRefreshAhead_onceTheRunningOneEnded_whenRefreshesAheadIs1() {
        EngineFixture.Imported first = fixture.importDue("first");
        EngineFixture.Imported second = fixture.importDue("second");
        engine.freshToken(first.id());
        await().atMost(BOUND).until(() -> gate.arrived().size() == 1);
        engine.freshToken(second.id());
        gate.open();
        await().atMost(BOUND).until(() -> fixture.stored(first.id()).refreshCount() == 1);

        // The permit comes back when the refresh ends, a moment after its commit: a later caller starts the next.
        await().atMost(BOUND).until(() -> {
            engine.freshToken(second.id());
            return fixture.stored(second.id()).refreshCount() == 1;
        });

        assertThat(gate.arrived()).hasSize(2).allMatch(Thread::isVirtual);
        assertThat(fixture.provider.refreshCount(second.grantId())).isEqualTo(1);
    }

    private static Secret token(TokenAnswer answer) {
        assertThat(answer).isInstanceOf(TokenAnswer.Fresh.class);
        return ((TokenAnswer.Fresh) answer).tokens().accessToken();
    }
}
