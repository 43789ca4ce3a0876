package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.port.PendingRevocations;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** {@link PendingRevocations} in memory, with leases timed by the given clock. */
public final class InMemoryPendingRevocations implements PendingRevocations {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Row> rows = new HashMap<>();
    private final InstantSource clock;
    private long fences;

    /** A stored revocation and its lease (fence 0 and no expiry when free). */
    private record Row(Revocation revocation, long fence, Instant leaseExpiresAt) {}

    public InMemoryPendingRevocations(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void add(Revocation revocation) {
        withLock(() -> rows.putIfAbsent(revocation.id(), new Row(revocation, 0, null)));
    }

    @Override
    public List<Claimed> claimDue(String holder, Duration ttl, int limit, int perProvider) {
        return withLock(() -> {
            Instant now = clock.instant();
            Map<String, Integer> perGroup = new HashMap<>();
            List<Claimed> claimed = new ArrayList<>();
            List<Row> due = rows.values().stream()
                    .filter(row -> !row.revocation().nextAttemptAt().isAfter(now))
                    .filter(row -> row.leaseExpiresAt() == null || !row.leaseExpiresAt().isAfter(now))
                    .sorted(Comparator.comparing(row -> row.revocation().nextAttemptAt()))
                    .toList();
            for (Row row : due) {
                String provider = row.revocation().providerKey();
                if (claimed.size() < limit && perGroup.getOrDefault(provider, 0) < perProvider) {
                    perGroup.merge(provider, 1, Integer::sum);
                    long fence = ++fences;
                    rows.put(row.revocation().id(), new Row(row.revocation(), fence, now.plus(ttl)));
                    claimed.add(new Claimed(row.revocation(), fence));
                }
            }
            return claimed;
        });
    }

    @Override
    public boolean finish(String id, long fence) {
        return withLock(() -> held(id, fence) && rows.remove(id) != null);
    }

    @Override
    public boolean retryAt(String id, long fence, Instant nextAttemptAt, String lastError) {
        return withLock(() -> {
            if (!held(id, fence)) {
                return false;
            }
            Revocation r = rows.get(id).revocation();
            rows.put(id, new Row(new Revocation(r.id(), r.providerKey(), r.connectionId(), r.token(),
                    r.tokenTypeHint(), r.createdAt(), nextAttemptAt, r.giveUpAt(), r.attempts() + 1, lastError), 0,
                    null));
            return true;
        });
    }

    @Override
    public Optional<Duration> untilNextDue() {
        return withLock(() -> rows.values().stream().map(row -> row.revocation().nextAttemptAt())
                .min(Comparator.naturalOrder())
                .map(next -> {
                    Duration until = Duration.between(clock.instant(), next);
                    return until.isNegative() ? Duration.ZERO : until;
                }));
    }

    private boolean held(String id, long fence) {
        Row row = rows.get(id);
        return row != null && row.fence() == fence;
    }

    private <T> T withLock(java.util.function.Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
