package dev.tokenkeeper.bench.library;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.Locale;

/**
 * What the JVM did besides the gets, read at a moment: time spent compiling, collections and their time, the
 * process's CPU and the load threads' CPU. Two readings make a phase's account, so that a phase that still compiled
 * or collected more is visible next to its rate.
 *
 * @param compileMillis  total time the JIT compilers spent compiling
 * @param collections    total garbage collections
 * @param collectMillis  total time of those collections
 * @param processCpuNanos CPU time of the whole process, or -1 where the JVM does not tell
 * @param loadCpuNanos   CPU time of the load threads (the ids given), or -1 where the JVM does not tell
 */
record JvmActivity(long compileMillis, long collections, long collectMillis, long processCpuNanos,
        long loadCpuNanos) {

    /** Reads the JVM now; {@code loadThreads} are the ids of the threads whose CPU is the load's. */
    static JvmActivity now(Collection<Long> loadThreads) {
        long collections = 0;
        long collectMillis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, collector.getCollectionCount());
            collectMillis += Math.max(0, collector.getCollectionTime());
        }
        var compiler = ManagementFactory.getCompilationMXBean();
        long compileMillis = compiler != null && compiler.isCompilationTimeMonitoringSupported()
                ? compiler.getTotalCompilationTime() : 0;
        return new JvmActivity(compileMillis, collections, collectMillis, processCpu(), loadCpu(loadThreads));
    }

    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static long loadCpu(Collection<Long> loadThreads) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return -1;
        }
        long sum = 0;
        for (long id : loadThreads) {
            sum += Math.max(0, threads.getThreadCpuTime(id));
        }
        return sum;
    }

    /** The JIT's compile time between {@code earlier} and this reading. */
    long compileMillisSince(JvmActivity earlier) {
        return compileMillis - earlier.compileMillis;
    }

    /**
     * One line for the phase between {@code earlier} and this reading, of {@code wallNanos}: compile time,
     * collections, and the load threads' share of the process's CPU.
     */
    String since(JvmActivity earlier, long wallNanos) {
        long process = processCpuNanos - earlier.processCpuNanos;
        long load = loadCpuNanos - earlier.loadCpuNanos;
        String share = processCpuNanos < 0 || loadCpuNanos < 0 || process <= 0 ? "unknown"
                : String.format(Locale.ROOT, "%.1f %%", 100.0 * load / process);
        return String.format(Locale.ROOT, "JIT compiling %d ms, %d collections (%d ms), process CPU %.1f s in %.1f s,"
                        + " load threads' share %s", compileMillisSince(earlier), collections - earlier.collections,
                collectMillis - earlier.collectMillis, Math.max(0, process) / 1e9, wallNanos / 1e9, share);
    }
}
