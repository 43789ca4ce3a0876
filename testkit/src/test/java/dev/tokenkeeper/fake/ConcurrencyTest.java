package dev.tokenkeeper.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.fake.OAuthClient.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
    private final FakeProvider provider = FakeProvider.start();
    private final OAuthClient client = new OAuthClient(provider);
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void close() {
        threads.shutdownNow();
        provider.close();
    }

    @Test
    void concurrentRefreshesOfOneRotatingGrant_letExactlyOneWin_whenReuseDetectionIsOn() {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                .tokenLatency(Duration.ofMillis(50));
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);

        List<Reply> replies = inParallel(16, () -> client.refresh(grant.refreshToken()));

        assertThat(replies).filteredOn(reply -> reply.status() == 200).hasSize(1);
        assertThat(replies).filteredOn(reply -> reply.status() != 200)
                .hasSize(15).allSatisfy(reply -> assertThat(reply.text("error")).isEqualTo("invalid_grant"));
        List<TokenRequestRecord> history = provider.history(grant.grantId());
        assertThat(history).hasSize(16).filteredOn(TokenRequestRecord::succeeded).hasSize(1);
        assertThat(history).extracting(TokenRequestRecord::refreshTokenFingerprint).containsOnly(
                history.getFirst().refreshTokenFingerprint());
        assertThat(provider.refreshCount(grant.grantId())).isEqualTo(16);
        assertThat(provider.revocationOf(grant.grantId())).map(GrantRevocation::reason)
                .contains(RevocationReason.REFRESH_TOKEN_REUSE);
    }

    @Test
    void concurrentRefreshesOfOneRotatingGrant_letOneWinWithoutRevoking_whenReuseDetectionIsOff() {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).tokenLatency(Duration.ofMillis(50));
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);

        List<Reply> replies = inParallel(16, () -> client.refresh(grant.refreshToken()));

        String winner = replies.stream().filter(reply -> reply.status() == 200).findFirst().orElseThrow()
                .text("refresh_token");
        assertThat(replies).filteredOn(reply -> reply.status() == 200).hasSize(1);
        assertThat(provider.anyGrantRevoked()).isFalse();
        assertThat(provider.currentRefreshToken(grant.grantId())).contains(winner);
    }

    @Test
    void hundredsOfConcurrentRefreshesOfDistinctGrants_allSucceed() {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                .tokenLatency(Duration.ofMillis(20));
        List<IssuedGrant> grants = IntStream.range(0, 200)
                .mapToObj(i -> provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID)).toList();

        List<Reply> replies = inParallel(grants.size(), i -> client.refresh(grants.get(i).refreshToken()));

        assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(200));
        assertThat(provider.refreshCount()).isEqualTo(200);
        assertThat(provider.anyGrantRevoked()).isFalse();
        assertThat(grants).allSatisfy(grant -> assertThat(provider.refreshCount(grant.grantId())).isEqualTo(1));
    }

    private List<Reply> inParallel(int count, Supplier<Reply> call) {
        return inParallel(count, i -> call.get());
    }

    private List<Reply> inParallel(int count, IntFunction<Reply> call) {
        List<CompletableFuture<Reply>> futures = IntStream.range(0, count)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> call.apply(i), threads)).toList();
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
