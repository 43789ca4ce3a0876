package dev.tokenkeeper.postgres.instances;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.ReentrantLock;

/** The last lines a child wrote to one of its streams, for failure messages. */
final class OutputTail {
    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();

    OutputTail(int capacity) {
        this.capacity = capacity;
    }

    void add(String line) {
        lock.lock();
        try {
            if (lines.size() == capacity) {
                lines.removeFirst();
            }
            lines.addLast(line);
        } finally {
            lock.unlock();
        }
    }

    /** The kept lines, oldest first, one per line. */
    String text() {
        lock.lock();
        try {
            return String.join("\n", lines);
        } finally {
            lock.unlock();
        }
    }
}
