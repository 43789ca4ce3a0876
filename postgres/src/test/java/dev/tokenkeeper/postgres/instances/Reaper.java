package dev.tokenkeeper.postgres.instances;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills (SIGKILL) every instance process still running when the test JVM exits: the backstop for a test that
 * neither closed nor killed its instances. (A child also stops by itself when its stdin closes, which happens when
 * this JVM dies however it dies, and when it outlives its maximum lifetime.)
 */
final class Reaper {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "instance-reaper"));
    }

    private Reaper() {}

    static void watch(Process process) {
        RUNNING.add(process);
    }

    static void forget(Process process) {
        RUNNING.remove(process);
    }
}
