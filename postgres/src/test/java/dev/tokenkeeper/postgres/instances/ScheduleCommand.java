package dev.tokenkeeper.postgres.instances;

import dev.tokenkeeper.core.refresh.RefreshScheduler;
import java.util.List;

/**
 * {@code schedule on} starts the instance's proactive refresh scheduler; {@code schedule off} stops it for good
 * (waiting for running refreshes); {@code schedule status} changes nothing. The answer tells how many connections it has claimed so far, and the due-work
 * lag its scheduler observed.
 */
final class ScheduleCommand implements Command {
    static final String NAME = "schedule";

    private final RefreshScheduler scheduler;

    ScheduleCommand(RefreshScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public String run(List<String> arguments) {
        if (arguments.size() != 1) {
            throw new IllegalArgumentException("usage: schedule on|off|status");
        }
        switch (arguments.getFirst()) {
            case "on" -> scheduler.start();
            case "off" -> scheduler.close();
            case "status" -> { }
            default -> throw new IllegalArgumentException("usage: schedule on|off|status");
        }
        return "schedule " + arguments.getFirst() + " claimed=" + scheduler.claimedCount() + " errors="
                + scheduler.errorCount() + " lag=" + scheduler.observedLag().toMillis() + "ms";
    }
}
