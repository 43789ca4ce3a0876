package dev.tokenkeeper.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.fake.OAuthClient.Reply;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteLogTest {
    private final FakeProvider provider = FakeProvider.start();
    private final IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void writes_areLoggedInArrivalOrder_withGrantMarkerAndKey_whenAccepted() {
        Reply first = write(grant.accessToken(), "{\"action\":\"m-1\"}", "key-1");
        Reply second = write(grant.accessToken(), "{\"action\":\"m-2\",\"n\":2}", null);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("marker").asText()).isEqualTo("m-1");
        assertThat(second.status()).isEqualTo(200);
        assertThat(provider.writes()).extracting(ResourceWrite::sequence, ResourceWrite::grantId,
                ResourceWrite::accepted, ResourceWrite::marker, ResourceWrite::idempotencyKey, ResourceWrite::path)
                .containsExactly(
                        tuple(1L, grant.grantId(), true, "m-1", "key-1", "/writes/c1"),
                        tuple(2L, grant.grantId(), true, "m-2", null, "/writes/c1"));
    }

    @Test
    void aWriteWithARevokedGrantsToken_isLoggedRefusedWithItsGrant_andAnswered401() {
        provider.revokeGrant(grant.grantId());

        Reply refused = write(grant.accessToken(), "{\"action\":\"m-1\"}", null);
        Reply anonymous = write("at_unknown", "not json", null);

        assertThat(refused.status()).isEqualTo(401);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(provider.writes()).extracting(ResourceWrite::grantId, ResourceWrite::accepted,
                ResourceWrite::marker).containsExactly(tuple(grant.grantId(), false,
                        "m-1"), tuple(null, false, null));
    }

    @Test
    void heldWrites_areLoggedOnArrival_andAnsweredOnlyWhenReleased() {
        provider.holdWrites();

        CompletableFuture<Reply> first = CompletableFuture.supplyAsync(
                () -> write(grant.accessToken(), "{\"action\":\"first\"}", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> provider.unansweredWrites().size() == 1);
        provider.releaseHeldWrites();
        CompletableFuture<Reply> second = CompletableFuture.supplyAsync(
                () -> write(grant.accessToken(), "{\"action\":\"second\"}", null));

        assertThat(first.join().status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> provider.unansweredWrites().size() == 1);
        assertThat(provider.unansweredWrites().getFirst().marker()).isEqualTo("second");
        assertThat(second).isNotDone();
        provider.stopHoldingWrites();
        assertThat(second.join().status()).isEqualTo(200);
        assertThat(write(grant.accessToken(), "{\"action\":\"third\"}", null).status()).isEqualTo(200);
        assertThat(provider.unansweredWrites()).isEmpty();
        assertThat(provider.writes()).extracting(ResourceWrite::marker).containsExactly("first", "second", "third");
    }

    private Reply write(String accessToken, String body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(provider.apiBaseUrl().resolve("/writes/c1"))
                .header("Authorization", "Bearer " + accessToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return OAuthClient.send(request.build());
    }
}
