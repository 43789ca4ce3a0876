package dev.tokenkeeper.fake;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.ReentrantLock;

/** Injections waiting for the next token requests, first in first out, each for a number of requests. */
final class InjectionQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Pending> pending = new ArrayDeque<>();

    private static final class Pending {
        final Injection injection;
        int remaining;

        Pending(Injection injection, int remaining) {
            this.injection = injection;
            this.remaining = remaining;
        }
    }

    void add(Injection injection, int requests) {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1: " + requests);
        }
        lock.lock();
        try {
            pending.addLast(new Pending(injection, requests));
        } finally {
            lock.unlock();
        }
    }

    /** Takes the injection for one request, or null if none is pending. */
    Injection poll() {
        lock.lock();
        try {
            Pending head = pending.peekFirst();
            if (head == null) {
                return null;
            }
            if (--head.remaining == 0) {
                pending.removeFirst();
            }
            return head.injection;
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            pending.clear();
        } finally {
            lock.unlock();
        }
    }
}
