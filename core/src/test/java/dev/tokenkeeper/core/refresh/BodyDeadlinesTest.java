package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Reads still incomplete at their deadline fail with a timeout; completed ones are forgotten at once. */
class BodyDeadlinesTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void failLate_failsAReadStillIncompleteAtItsDeadline_notOneCompletedInTime() {
        long now = System.nanoTime();
        CompletableFuture<byte[]> late = new CompletableFuture<>();
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        CompletableFuture<byte[]> farOff = new CompletableFuture<>();

        BodyDeadlines.failLate(late, now + TimeUnit.MILLISECONDS.toNanos(50));
        BodyDeadlines.failLate(done, now + TimeUnit.MILLISECONDS.toNanos(50));
        BodyDeadlines.failLate(farOff, now + TimeUnit.HOURS.toNanos(1));
        byte[] body = {1};
        done.complete(body);

        assertThatThrownBy(() -> late.get(BOUND.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(System.nanoTime() - now).as("not before its deadline")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(done).isCompletedWithValue(body);
        assertThat(farOff).isNotDone();
        farOff.complete(new byte[0]);
    }

    @Test
    void failLate_forgetsEveryRead_onceItCompletes_andWakesAgainForTheNext() {
        List<CompletableFuture<byte[]>> reads = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            CompletableFuture<byte[]> read = new CompletableFuture<>();
            BodyDeadlines.failLate(read, System.nanoTime() + TimeUnit.HOURS.toNanos(1));
            reads.add(read);
        }
        reads.forEach(read -> read.complete(new byte[0]));
        assertThat(reads).noneMatch(BodyDeadlines::watches);

        CompletableFuture<byte[]> next = new CompletableFuture<>();
        BodyDeadlines.failLate(next, System.nanoTime());

        assertThatThrownBy(() -> next.get(BOUND.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(BodyDeadlines.watches(next)).isFalse();
    }
}
