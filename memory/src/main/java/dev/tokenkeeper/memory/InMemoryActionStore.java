package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.action.Action;
import dev.tokenkeeper.core.action.ActionCreation;
import dev.tokenkeeper.core.action.ActionError;
import dev.tokenkeeper.core.action.ActionQuery;
import dev.tokenkeeper.core.action.ActionRequest;
import dev.tokenkeeper.core.action.ActionResponse;
import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.action.ActionStore;
import dev.tokenkeeper.core.action.ClaimedAction;
import dev.tokenkeeper.core.action.NewAction;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.port.ConnectionStore;
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
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@link ActionStore} in memory, with the same rules as the PostgreSQL store: fenced leases that run out by the
 * injected clock, one action of a connection at a time in creation order, held while the connection (read from the
 * {@link ConnectionStore} port) is not active. There is no outbox, and nothing releases held actions by itself: whoever
 * reactivates a connection calls {@link #releaseHeld}.
 */
public final class InMemoryActionStore implements ActionStore {
    private final InstantSource clock;
    private final ConnectionStore connections;
    private final ReentrantLock lock = new ReentrantLock();
    /** By sequence: creation order. */
    private final TreeMap<Long, Row> rows = new TreeMap<>();
    private final Map<String, Row> byId = new HashMap<>();
    private final Map<String, Row> byKey = new HashMap<>();
    private long lastSequence;
    /** Fences never repeat, across every action. */
    private long lastFence;

    public InMemoryActionStore(InstantSource clock, ConnectionStore connections) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    @Override
    public ActionCreation create(NewAction action) {
        return locked(() -> {
            Optional<Connection> connection = connections.find(action.connectionId());
            if (connection.isEmpty()) {
                return new ActionCreation.ConnectionMissing(action.connectionId());
            }
            Row earlier = action.idempotencyKey() == null ? null : byKey.get(action.idempotencyKey());
            if (earlier != null) {
                boolean same = earlier.fingerprint.equals(action.request().fingerprint())
                        && earlier.connectionId.equals(action.connectionId());
                return same ? new ActionCreation.Existing(earlier.view())
                        : new ActionCreation.KeyConflict(earlier.view());
            }
            if (byId.containsKey(action.id())) {
                throw new IllegalArgumentException("action " + action.id() + " exists");
            }
            Row row = new Row(action, connection.get().providerKey(), ++lastSequence);
            ConnectionState state = connection.get().state();
            if (state == ConnectionState.ACTIVE) {
                row.state = ActionState.QUEUED;
                row.nextAttemptAt = action.createdAt();
            } else {
                row.state = ActionState.HELD;
                Cause cause = connection.get().lastError() == null ? null
                        : connection.get().lastError().reason().cause();
                row.error = new ActionError("connection_stale", cause,
                        "the connection is " + state.wireName() + ": the action waits for a reconnect");
            }
            rows.put(row.sequence, row);
            byId.put(row.id, row);
            if (row.idempotencyKey != null) {
                byKey.put(row.idempotencyKey, row);
            }
            return new ActionCreation.Created(row.view());
        });
    }

    @Override
    public Optional<Action> find(String id) {
        return locked(() -> Optional.ofNullable(byId.get(id)).map(Row::view));
    }

    @Override
    public List<Action> list(ActionQuery query) {
        return locked(() -> {
            long after = 0;
            if (query.afterId() != null) {
                Row last = byId.get(query.afterId());
                if (last == null) {
                    return List.of();
                }
                after = last.sequence;
            }
            return rows.tailMap(after, false).values().stream()
                    .filter(row -> query.connectionId() == null || row.connectionId.equals(query.connectionId()))
                    .filter(row -> query.state() == null || row.state == query.state())
                    .limit(query.limit()).map(Row::view).toList();
        });
    }

    @Override
    public List<ClaimedAction> claimDue(String holder, Duration ttl, int limit) {
        return locked(() -> {
            Instant now = clock.instant();
            List<Row> due = rows.values().stream().filter(row -> claimable(row, now) && !row.nextAttemptAt.isAfter(now))
                    .sorted(Comparator.comparing((Row row) -> row.nextAttemptAt).thenComparing(row -> row.id))
                    .limit(limit).toList();
            List<ClaimedAction> claimed = new ArrayList<>();
            for (Row row : due) {
                row.state = ActionState.RUNNING;
                row.fence = ++lastFence;
                row.leaseExpiresAt = now.plus(ttl);
                row.updatedAt = now;
                claimed.add(new ClaimedAction(row.view(), row.fence, row.attemptStartedAt));
            }
            return claimed;
        });
    }

    @Override
    public boolean markSending(ClaimedAction claimed) {
        return locked(() -> {
            Instant now = clock.instant();
            Row row = held(claimed);
            if (row == null || !row.leaseExpiresAt.isAfter(now)) {
                return false;
            }
            row.attempts++;
            row.attemptStartedAt = now;
            row.updatedAt = now;
            return true;
        });
    }

    @Override
    public boolean renew(ClaimedAction claimed, Duration ttl) {
        return locked(() -> {
            Instant now = clock.instant();
            Row row = held(claimed);
            if (row == null || !row.leaseExpiresAt.isAfter(now)) {
                return false;
            }
            row.leaseExpiresAt = now.plus(ttl);
            return true;
        });
    }

    @Override
    public boolean finish(ClaimedAction claimed, ActionState finalState, ActionResponse response, ActionError error,
            Instant now) {
        if (finalState != ActionState.SUCCEEDED && finalState != ActionState.FAILED
                && finalState != ActionState.EXPIRED) {
            throw new IllegalArgumentException("an action finishes succeeded, failed or expired, not " + finalState);
        }
        return locked(() -> settle(claimed, finalState, null, now, response, error, now));
    }

    @Override
    public boolean retryAt(ClaimedAction claimed, Instant at, ActionResponse response, ActionError error,
            Instant now) {
        Objects.requireNonNull(at, "at");
        return locked(() -> settle(claimed, ActionState.QUEUED, at, null, response, error, now));
    }

    @Override
    public boolean hold(ClaimedAction claimed, ActionError error, Instant now) {
        Objects.requireNonNull(error, "error");
        return locked(() -> {
            Optional<Connection> connection = connections.find(claimed.action().connectionId());
            if (connection.isEmpty()) {
                return settle(claimed, ActionState.FAILED, null, now, null,
                        new ActionError("connection_deleted", null, "the connection was deleted"), now);
            }
            if (connection.get().state() == ConnectionState.ACTIVE) {
                return settle(claimed, ActionState.QUEUED, now, null, null, error, now);
            }
            if (!settle(claimed, ActionState.HELD, null, null, null, error, now)) {
                return false;
            }
            for (Row row : rows.values()) {
                if (row.connectionId.equals(claimed.action().connectionId()) && row.state == ActionState.QUEUED) {
                    row.state = ActionState.HELD;
                    row.nextAttemptAt = null;
                    row.error = error;
                    row.updatedAt = now;
                }
            }
            return true;
        });
    }

    @Override
    public int releaseHeld(String connectionId, Instant now) {
        return locked(() -> {
            int released = 0;
            for (Row row : rows.values()) {
                if (row.connectionId.equals(connectionId) && row.state == ActionState.HELD) {
                    row.state = ActionState.QUEUED;
                    row.nextAttemptAt = now;
                    row.updatedAt = now;
                    released++;
                }
            }
            return released;
        });
    }

    @Override
    public Optional<Action> replay(String id, Instant now) {
        return locked(() -> {
            Row row = byId.get(id);
            if (row == null) {
                return Optional.empty();
            }
            boolean replayable = row.state == ActionState.HELD || row.state == ActionState.FAILED
                    || row.state == ActionState.EXPIRED;
            if (replayable && row.purgedAt == null) {
                row.expiresAt = now.plus(row.lifetime);
                row.state = ActionState.QUEUED;
                row.nextAttemptAt = now;
                row.finishedAt = null;
                row.updatedAt = now;
            }
            return Optional.of(row.view());
        });
    }

    @Override
    public Optional<Action> cancel(String id, Instant now) {
        return locked(() -> {
            Row row = byId.get(id);
            if (row == null) {
                return Optional.empty();
            }
            if (row.state == ActionState.QUEUED || row.state == ActionState.HELD) {
                row.state = ActionState.CANCELLED;
                row.nextAttemptAt = null;
                row.finishedAt = now;
                row.updatedAt = now;
            }
            return Optional.of(row.view());
        });
    }

    @Override
    public int expireDue(Instant now, int limit) {
        return locked(() -> {
            Instant clockNow = clock.instant();
            Predicate<Row> expirable = row -> !row.expiresAt.isAfter(now) && (row.state == ActionState.QUEUED
                    || row.state == ActionState.HELD || row.state == ActionState.RUNNING && !row.leaseLive(clockNow));
            List<Row> expired = rows.values().stream().filter(expirable)
                    .sorted(Comparator.comparing((Row row) -> row.expiresAt)).limit(limit).toList();
            for (Row row : expired) {
                row.state = ActionState.EXPIRED;
                row.nextAttemptAt = null;
                row.finishedAt = now;
                row.updatedAt = now;
                row.error = new ActionError("expired", row.error == null ? null : row.error.cause(),
                        "the action expired before it could run");
                row.fence = ++lastFence;
                row.endLease();
            }
            return expired.size();
        });
    }

    @Override
    public int purgeFinishedBefore(Instant cutoff, int limit) {
        return locked(() -> {
            List<Row> purged = rows.values().stream()
                    .filter(row -> row.state.isFinal() && row.purgedAt == null && row.finishedAt.isBefore(cutoff))
                    .sorted(Comparator.comparing((Row row) -> row.finishedAt)).limit(limit).toList();
            for (Row row : purged) {
                row.request = null;
                row.response = row.response == null ? null
                        : new ActionResponse(row.response.status(), Map.of(), new byte[0], false);
                row.purgedAt = clock.instant();
            }
            return purged.size();
        });
    }

    @Override
    public Optional<Duration> untilNextDue() {
        return locked(() -> {
            Instant now = clock.instant();
            return rows.values().stream().filter(row -> claimableIgnoringLease(row, now))
                    .map(row -> row.leaseLive(now) && row.leaseExpiresAt.isAfter(row.nextAttemptAt)
                            ? row.leaseExpiresAt : row.nextAttemptAt)
                    .min(Comparator.naturalOrder())
                    .map(due -> due.isAfter(now) ? Duration.between(now, due) : Duration.ZERO);
        });
    }

    /** Claimable but for its due time: the ordering rule, expiry, and no live lease. */
    private boolean claimable(Row row, Instant now) {
        return claimableIgnoringLease(row, now) && !row.leaseLive(now);
    }

    private boolean claimableIgnoringLease(Row row, Instant now) {
        if (row.state != ActionState.QUEUED && row.state != ActionState.RUNNING || row.nextAttemptAt == null
                || !row.expiresAt.isAfter(now)) {
            return false;
        }
        return rows.headMap(row.sequence, false).values().stream().noneMatch(
                earlier -> earlier.connectionId.equals(row.connectionId) && earlier.state.blocksLaterActions());
    }

    /** The claimed action's row while its fence is current and it is running; else null. */
    private Row held(ClaimedAction claimed) {
        Row row = byId.get(claimed.action().id());
        return row != null && row.state == ActionState.RUNNING && row.fence == claimed.fence() ? row : null;
    }

    private boolean settle(ClaimedAction claimed, ActionState state, Instant due, Instant finished,
            ActionResponse response, ActionError error, Instant now) {
        Row row = held(claimed);
        if (row == null) {
            return false;
        }
        row.state = state;
        row.nextAttemptAt = due;
        row.finishedAt = finished;
        row.updatedAt = now;
        row.response = response == null ? row.response : response;
        row.error = error;
        row.endLease();
        return true;
    }

    private <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** One action and its lease, changed only under the lock. */
    private static final class Row {
        final String id;
        final String connectionId;
        final String providerKey;
        final long sequence;
        final String idempotencyKey;
        final String fingerprint;
        final Instant createdAt;
        /** Its expiry as created, after its creation: what a replay gives it again. */
        final Duration lifetime;
        ActionState state;
        ActionRequest request;
        int attempts;
        Instant updatedAt;
        Instant expiresAt;
        Instant nextAttemptAt;
        Instant finishedAt;
        ActionResponse response;
        ActionError error;
        Instant purgedAt;
        long fence;
        Instant leaseExpiresAt;
        Instant attemptStartedAt;

        Row(NewAction action, String providerKey, long sequence) {
            this.id = action.id();
            this.connectionId = action.connectionId();
            this.providerKey = providerKey;
            this.sequence = sequence;
            this.idempotencyKey = action.idempotencyKey();
            this.fingerprint = action.request().fingerprint();
            this.createdAt = action.createdAt();
            this.request = action.request();
            this.updatedAt = action.createdAt();
            this.expiresAt = action.expiresAt();
            this.lifetime = Duration.between(action.createdAt(), action.expiresAt());
        }

        boolean leaseLive(Instant now) {
            return leaseExpiresAt != null && leaseExpiresAt.isAfter(now);
        }

        void endLease() {
            leaseExpiresAt = null;
            attemptStartedAt = null;
        }

        Action view() {
            return new Action(id, connectionId, providerKey, sequence, state, request, idempotencyKey, fingerprint,
                    attempts, createdAt, updatedAt, expiresAt, nextAttemptAt, finishedAt, response, error, purgedAt);
        }
    }
}
