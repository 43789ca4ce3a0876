package dev.tokenkeeper.postgres.instances;

import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code get <connectionId> <callers>}: that many callers, each on its own virtual thread and released together,
 * ask the engine for a fresh token; answers a {@link GetSummary}. Callers unfinished at the timeout are interrupted
 * and counted as timed out.
 */
final class GetCommand implements Command {
    static final String NAME = "get";
    private static final int MAX_CALLERS = 10_000;

    private final RefreshEngine engine;
    private final Duration timeout;

    GetCommand(RefreshEngine engine, Duration timeout) {
        this.engine = engine;
        this.timeout = timeout;
    }

    @Override
    public String run(List<String> arguments) throws InterruptedException {
        if (arguments.size() != 2) {
            throw new IllegalArgumentException("usage: get <connectionId> <callers>");
        }
        String connectionId = arguments.get(0);
        int callers = Integer.parseInt(arguments.get(1));
        if (callers < 1 || callers > MAX_CALLERS) {
            throw new IllegalArgumentException("callers must be 1 to " + MAX_CALLERS);
        }
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            return tally(startTogether(threads, connectionId, callers)).summary().format();
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private List<Future<TokenAnswer>> startTogether(ExecutorService threads, String connectionId, int callers) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TokenAnswer>> calls = new ArrayList<>(callers);
        for (int i = 0; i < callers; i++) {
            calls.add(threads.submit(() -> {
                start.await();
                return engine.freshToken(connectionId);
            }));
        }
        start.countDown();
        return calls;
    }

    private AnswerTally tally(List<Future<TokenAnswer>> calls) throws InterruptedException {
        AnswerTally tally = new AnswerTally();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<TokenAnswer> call : calls) {
            try {
                tally.add(call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                tally.failed(e.getCause());
            } catch (TimeoutException e) {
                call.cancel(true);
                tally.timedOut();
            }
        }
        return tally;
    }
}
