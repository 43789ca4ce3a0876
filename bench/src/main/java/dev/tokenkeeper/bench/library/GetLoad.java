package dev.tokenkeeper.bench.library;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * The load: a fixed set of platform threads, the same for every phase and side, each looping {@code get} of a
 * connection picked at random for the phase's length ({@link GetLoop}, a copy of its own for each side).
 */
final class GetLoad implements AutoCloseable {
    /** How long one step of settling runs before the JIT's activity in it is judged. */
    static final Duration SETTLE_STEP = Duration.ofSeconds(2);
    /**
     * The JIT is quiet in a step in which it finished compilations of at most this length, and its compiler threads
     * used at most this much CPU (2 % of the step).
     */
    static final long QUIET_COMPILE_MILLIS = SETTLE_STEP.toMillis() / 50;

    private final ExecutorService threads;
    private final Set<Long> threadIds = ConcurrentHashMap.newKeySet();
    private final Map<TokenSource, MethodHandle> loops = new ConcurrentHashMap<>();
    private final int threadCount;
    private final String[] connectionIds;
    private final Timebase time;

    GetLoad(int threadCount, String[] connectionIds, Timebase time) {
        ThreadFactory platform = Thread.ofPlatform().name("bench-get-", 0).factory();
        this.threads = Executors.newFixedThreadPool(threadCount, task -> {
            Thread thread = platform.newThread(task);
            threadIds.add(thread.threadId());
            return thread;
        });
        this.threadCount = threadCount;
        this.connectionIds = connectionIds.clone();
        this.time = time;
    }

    /**
     * Runs {@code source} unmeasured for at least {@code least}, then on in steps of {@link #SETTLE_STEP} until the
     * JIT was quiet in a step ({@link #QUIET_COMPILE_MILLIS}), or {@code most} is spent: on two cores under
     * this load, the compilers get little CPU, and a side with more code to compile reaches its steady state later.
     * Answers how long it ran and whether the JIT went quiet.
     */
    Settled settle(TokenSource source, Duration least, Duration most) throws InterruptedException {
        long start = System.nanoTime();
        run(source, least, null);
        while (true) {
            Duration spent = Duration.ofNanos(System.nanoTime() - start);
            if (spent.compareTo(most) >= 0) {
                return new Settled(spent, false);
            }
            JvmActivity before = JvmActivity.now(threadIds);
            run(source, SETTLE_STEP, null);
            JvmActivity after = JvmActivity.now(threadIds);
            if (after.compileMillisSince(before) <= QUIET_COMPILE_MILLIS
                    && after.compilerCpuMillisSince(before) <= QUIET_COMPILE_MILLIS) {
                return new Settled(Duration.ofNanos(System.nanoTime() - start), true);
            }
        }
    }

    /** How long a side was run before a phase, and whether the JIT was quiet at the end of it. */
    record Settled(Duration took, boolean quiet) {}

    /**
     * Runs {@code source} for {@code length}; adds what was measured to {@code into} unless it is null. Answers what
     * the JVM did meanwhile ({@link JvmActivity#since}).
     */
    String run(TokenSource source, Duration length, GetTally into) throws InterruptedException {
        JvmActivity before = JvmActivity.now(threadIds);
        long start = System.nanoTime();
        long end = start + length.toNanos();
        List<Future<GetTally>> running = new ArrayList<>();
        MethodHandle loop = loops.computeIfAbsent(source, side -> definedLoop());
        String[] ids = connectionIds;
        for (int i = 0; i < threadCount; i++) {
            running.add(threads.submit(() -> {
                try {
                    return (GetTally) loop.invokeExact(source, ids, end, time);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Future<GetTally> thread : running) {
            try {
                GetTally measured = thread.get();
                if (into != null) {
                    into.add(measured);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("a load thread failed", e.getCause());
            }
        }
        long took = System.nanoTime() - start;
        if (into != null) {
            into.measuredNanos += took;
        }
        return JvmActivity.now(threadIds).since(before, took);
    }

    /**
     * A fresh copy of {@link GetLoop}, defined as a hidden class from the same bytes: a class of its own, so that the
     * JIT compiles its loop apart from every other side's.
     */
    private static MethodHandle definedLoop() {
        try (InputStream bytes = GetLoop.class.getResourceAsStream("GetLoop.class")) {
            if (bytes == null) {
                throw new IllegalStateException("GetLoop.class is not on the class path");
            }
            MethodHandles.Lookup copy = MethodHandles.lookup().defineHiddenClass(bytes.readAllBytes(), true);
            return copy.findStatic(copy.lookupClass(), "loop", MethodType.methodType(GetTally.class,
                    TokenSource.class, String[].class, long.class, Timebase.class));
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot define a copy of the get loop", e);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
