package dev.tokenkeeper.fake;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/** Counters and the bounded history of token requests, for tests to assert on. */
final class Observations {
    /** How many token requests the history keeps; older ones are dropped (counters still count them). */
    static final int HISTORY_CAPACITY = 100_000;

    private final LongAdder tokenRequests = new LongAdder();
    private final LongAdder refreshes = new LongAdder();
    private final Map<String, LongAdder> refreshesByGrant = new ConcurrentHashMap<>();
    private final ReentrantLock historyLock = new ReentrantLock();
    private final Deque<TokenRequestRecord> history = new ArrayDeque<>();

    void countTokenRequest(boolean refresh, String grantId) {
        tokenRequests.increment();
        if (refresh) {
            refreshes.increment();
            if (grantId != null) {
                refreshesByGrant.computeIfAbsent(grantId, id -> new LongAdder()).increment();
            }
        }
    }

    void record(TokenRequestRecord request) {
        historyLock.lock();
        try {
            if (history.size() == HISTORY_CAPACITY) {
                history.removeFirst();
            }
            history.addLast(request);
        } finally {
            historyLock.unlock();
        }
    }

    long tokenRequests() {
        return tokenRequests.sum();
    }

    long refreshes() {
        return refreshes.sum();
    }

    long refreshes(String grantId) {
        LongAdder count = refreshesByGrant.get(grantId);
        return count == null ? 0 : count.sum();
    }

    List<TokenRequestRecord> history() {
        historyLock.lock();
        try {
            return List.copyOf(history);
        } finally {
            historyLock.unlock();
        }
    }

    void reset() {
        historyLock.lock();
        try {
            tokenRequests.reset();
            refreshes.reset();
            refreshesByGrant.clear();
            history.clear();
        } finally {
            historyLock.unlock();
        }
    }
}
