package dev.tokenkeeper.postgres.instances;

import java.util.Map;

/** Says in words how a child process ended, for failure messages. */
final class ExitStatus {
    /** What a shell reports for a process killed by a signal: 128 plus the signal's number. */
    static final int SIGNALLED = 128;
    static final int SIGKILL = 9;
    private static final Map<Integer, String> SIGNALS = Map.of(6, "SIGABRT", SIGKILL, "SIGKILL", 11, "SIGSEGV",
            15, "SIGTERM");

    private ExitStatus() {}

    static String describe(Process process) {
        if (process.isAlive()) {
            return "still running";
        }
        int status = process.exitValue();
        if (status > SIGNALLED && status <= SIGNALLED + 64) {
            int signal = status - SIGNALLED;
            return "killed by signal " + signal + " (" + SIGNALS.getOrDefault(signal, "SIG" + signal)
                    + "), exit status " + status;
        }
        return switch (status) {
            case InstanceMain.FAILED -> "exited with status " + status + " (could not start or serve)";
            case InstanceMain.EXPIRED -> "exited with status " + status + " (outlived its maximum lifetime)";
            default -> "exited with status " + status;
        };
    }
}
