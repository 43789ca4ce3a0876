package dev.tokenkeeper.postgres.instances;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Several instance processes sharing one deployment, in numbered slots; a slot's process can be killed and
 * replaced by a new one (named {@code instance-<n>}, n counting every process started, so names never repeat).
 */
public final class Instances implements AutoCloseable {
    private final Function<String, InstanceOptions> options;
    private final AtomicInteger started = new AtomicInteger();
    private final List<InstanceProcess> slots = new ArrayList<>();
    private final List<TimedLine> retiredLagLines = new ArrayList<>();

    private Instances(Function<String, InstanceOptions> options) {
        this.options = options;
    }

    /**
     * Starts {@code count} processes at once and waits until each is ready; when one fails, all are stopped.
     *
     * @param options the options of the instance with the given id
     */
    public static Instances start(int count, Function<String, InstanceOptions> options) {
        Instances instances = new Instances(options);
        try {
            for (int i = 0; i < count; i++) {
                instances.slots.add(instances.launchNext());
            }
            instances.slots.forEach(process -> process.awaitReady(InstanceProcess.STARTUP));
            return instances;
        } catch (RuntimeException e) {
            instances.close();
            throw e;
        }
    }

    public InstanceProcess get(int slot) {
        return slots.get(slot);
    }

    public int size() {
        return slots.size();
    }

    /** Sends the command to every slot first, then reads the answers: the instances work on it at the same time. */
    public List<String> callEach(String command, Duration timeout) {
        slots.forEach(process -> process.send(command));
        List<String> answers = new ArrayList<>();
        slots.forEach(process -> answers.add(process.answer(timeout)));
        return answers;
    }

    /** Kills the slot's process with SIGKILL; returns its exit status. */
    public int kill(int slot) {
        return slots.get(slot).kill();
    }

    /** Stops the slot's process (SIGKILL if it still runs), then starts a new one there and waits until it is ready. */
    public InstanceProcess replace(int slot) {
        InstanceProcess old = slots.get(slot);
        if (old.isAlive()) {
            old.kill();
        }
        old.close();
        retiredLagLines.addAll(old.lagLines());
        InstanceProcess replacement = launchNext();
        slots.set(slot, replacement);
        return replacement.awaitReady(InstanceProcess.STARTUP);
    }

    /** The scheduler lag lines every process of these slots logged, replaced ones included, in no set order. */
    public List<TimedLine> lagLines() {
        List<TimedLine> lines = new ArrayList<>(retiredLagLines);
        slots.forEach(process -> lines.addAll(process.lagLines()));
        return lines;
    }

    /** Closes every process (quit, then SIGKILL when one does not exit in time); each is closed whatever the others do. */
    @Override
    public void close() {
        slots.stream().filter(InstanceProcess::isAlive).forEach(InstanceProcess::requestQuit);
        RuntimeException first = null;
        for (InstanceProcess process : slots) {
            try {
                process.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private InstanceProcess launchNext() {
        return InstanceProcess.launch(options.apply("instance-" + started.incrementAndGet()));
    }
}
