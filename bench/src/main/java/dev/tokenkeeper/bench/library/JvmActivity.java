package dev.tokenkeeper.bench.library;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
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
 * @param compilerTicks  CPU time of each JIT compiler thread by its task id, in clock ticks (Linux's
 *                       {@code /proc/self/task}; empty elsewhere): unlike {@code compileMillis}, it also counts a
 *                       compilation that has not finished yet
 * @param switches       context switches of each thread by its task id, voluntary (it blocked) and not (it was
 *                       preempted) summed ({@code /proc/self/task}; empty elsewhere): each is a thread woken or
 *                       a thread pushed off a core
 */
record JvmActivity(long compileMillis, long collections, long collectMillis, long processCpuNanos,
        long loadCpuNanos, Map<String, Long> compilerTicks, Map<String, Long> switches) {
    /** Linux's clock tick for {@code /proc} CPU times ({@code USER_HZ}, 100 on every architecture we run on). */
    static final long NANOS_PER_TICK = 10_000_000L;
    private static final Path TASKS = Path.of("/proc/self/task");

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
        return withTasks(compileMillis, collections, collectMillis, processCpu(), loadCpu(loadThreads));
    }

    /**
     * One walk of {@code /proc/self/task}: each thread's context switches, voluntary and not, from its {@code status};
     * and for a thread whose name says it is a JIT compiler ("C1 CompilerThre…", "C2 …") its CPU ticks from its
     * {@code stat}. Both empty where there is no such directory.
     */
    private static JvmActivity withTasks(long compileMillis, long collections, long collectMillis, long processCpu,
            long loadCpu) {
        Map<String, Long> ticks = new HashMap<>();
        Map<String, Long> switches = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String id = task.getFileName().toString();
                try {
                    long switched = 0;
                    boolean compiler = false;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("Name:")) {
                            compiler = line.contains("CompilerThre");
                        } else if (line.startsWith("voluntary_ctxt_switches:")
                                || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            switched += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                        }
                    }
                    switches.put(id, switched);
                    if (compiler) {
                        // pid (comm) state ppid … utime stime: the 14th and 15th fields, counted after the name's ')'
                        String stat = Files.readString(task.resolve("stat"));
                        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks.put(id, Long.parseLong(after[11]) + Long.parseLong(after[12]));
                    }
                } catch (IOException gone) {
                    // the thread ended while being read
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            ticks.clear();
            switches.clear();
        }
        return new JvmActivity(compileMillis, collections, collectMillis, processCpu, loadCpu, ticks, switches);
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

    /** The JIT's compile time between {@code earlier} and this reading: finished compilations only. */
    long compileMillisSince(JvmActivity earlier) {
        return compileMillis - earlier.compileMillis;
    }

    /**
     * The CPU the JIT's compiler threads used between {@code earlier} and this reading, in milliseconds (threads
     * present at both readings), or -1 where it cannot be read.
     */
    long compilerCpuMillisSince(JvmActivity earlier) {
        if (compilerTicks.isEmpty() && earlier.compilerTicks.isEmpty()) {
            return -1;
        }
        long ticks = 0;
        for (Map.Entry<String, Long> thread : compilerTicks.entrySet()) {
            Long before = earlier.compilerTicks.get(thread.getKey());
            if (before != null) {
                ticks += Math.max(0, thread.getValue() - before);
            }
        }
        return ticks * NANOS_PER_TICK / 1_000_000;
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
        long compilerCpu = compilerCpuMillisSince(earlier);
        String switched = switches.isEmpty() ? "unknown" : String.format(Locale.ROOT, "%,d",
                switches.entrySet().stream().mapToLong(thread -> Math.max(0,
                        thread.getValue() - earlier.switches.getOrDefault(thread.getKey(), 0L))).sum());
        return String.format(Locale.ROOT, "JIT compiled for %d ms (compiler threads' CPU %s), %d collections (%d ms),"
                        + " context switches %s, process CPU %.1f s in %.1f s, load threads' share %s",
                compileMillisSince(earlier),
                compilerCpu < 0 ? "unknown" : compilerCpu + " ms", collections - earlier.collections,
                collectMillis - earlier.collectMillis, switched, Math.max(0, process) / 1e9, wallNanos / 1e9, share);
    }
}
