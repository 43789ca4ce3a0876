package dev.tokenkeeper.testkit.callers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs callers on virtual threads, all released by one latch, and collects their answers in order. */
public final class Callers {
    private static final long BOUND_SECONDS = 60;

    private Callers() {}

    /**
     * Starts {@code count} callers ({@code caller.apply(i)} is the i-th), releases them together and answers what each
     * returned; each must answer within a minute.
     */
    public static <T> List<T> atOnce(int count, IntFunction<Callable<T>> caller) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> running = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                Callable<T> call = caller.apply(i);
                running.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> answer : running) {
                answers.add(answer.get(BOUND_SECONDS, TimeUnit.SECONDS));
            }
            return answers;
        }
    }
}
