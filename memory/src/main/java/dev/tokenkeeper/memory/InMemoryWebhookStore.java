package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.webhook.DeliveryAttempt;
import dev.tokenkeeper.core.webhook.DeliveryStatus;
import dev.tokenkeeper.core.webhook.WebhookDelivery;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import dev.tokenkeeper.core.webhook.WebhookEventTypes;
import dev.tokenkeeper.core.webhook.WebhookStore;
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
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@link WebhookStore} in memory: one table of endpoints and deliveries for every dispatcher that shares this object,
 * as several instances share one database. Claims take fenced leases that run out by the injected clock, and one
 * endpoint never has more than {@code perEndpoint} deliveries under live leases at once. There is no outbox: events
 * become deliveries through {@link #enqueue}, of any type.
 */
public final class InMemoryWebhookStore implements WebhookStore {
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final TreeMap<String, WebhookEndpoint> endpoints = new TreeMap<>();
    private final Map<String, SigningSecrets> secrets = new HashMap<>();
    private final TreeMap<String, WebhookDelivery> deliveries = new TreeMap<>();
    private final Map<String, List<DeliveryAttempt>> attempts = new HashMap<>();
    private final Map<String, Lease> leases = new HashMap<>();
    /** Fences never repeat, across every delivery. */
    private long lastFence;
    private long lastDelivery;

    private record Lease(long fence, String endpointId, Instant expiresAt) {
        boolean liveAt(Instant now) {
            return now.isBefore(expiresAt);
        }
    }

    public InMemoryWebhookStore(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public WebhookEndpoint createEndpoint(WebhookEndpoint endpoint, Secret secret) {
        Objects.requireNonNull(secret, "secret");
        return locked(() -> {
            if (endpoints.containsKey(endpoint.id())) {
                throw new IllegalArgumentException("endpoint " + endpoint.id() + " exists");
            }
            endpoints.put(endpoint.id(), endpoint.enabled() || endpoint.disabledAt() != null ? endpoint
                    : new WebhookEndpoint(endpoint.id(), endpoint.url(), endpoint.description(), endpoint.events(),
                            false, endpoint.disabledReason(), endpoint.updatedAt(), endpoint.failingSince(),
                            endpoint.createdAt(), endpoint.updatedAt()));
            secrets.put(endpoint.id(), new SigningSecrets(secret, null, null));
            return endpoint;
        });
    }

    @Override
    public Optional<WebhookEndpoint> endpoint(String id) {
        return locked(() -> Optional.ofNullable(endpoints.get(id)));
    }

    @Override
    public List<WebhookEndpoint> endpoints(String afterId, int limit) {
        return locked(() -> List.copyOf((afterId == null ? endpoints : endpoints.tailMap(afterId, false)).values()
                .stream().limit(limit).toList()));
    }

    @Override
    public Optional<WebhookEndpoint> updateEndpoint(WebhookEndpoint changed) {
        return locked(() -> {
            WebhookEndpoint old = endpoints.get(changed.id());
            if (old == null) {
                return Optional.empty();
            }
            String reason = changed.enabled() ? null
                    : old.enabled() ? Objects.requireNonNullElse(changed.disabledReason(), "user") : old.disabledReason();
            Instant disabledAt = changed.enabled() ? null : old.enabled() ? changed.updatedAt() : old.disabledAt();
            WebhookEndpoint updated = new WebhookEndpoint(old.id(), changed.url(), changed.description(),
                    changed.events(), changed.enabled(), reason, disabledAt, changed.enabled() == old.enabled()
                            ? old.failingSince() : null, old.createdAt(), changed.updatedAt());
            endpoints.put(old.id(), updated);
            if (old.enabled() && !updated.enabled()) {
                failPending(old.id(), reason);
            }
            return Optional.of(updated);
        });
    }

    @Override
    public boolean deleteEndpoint(String id) {
        return locked(() -> {
            if (endpoints.remove(id) == null) {
                return false;
            }
            secrets.remove(id);
            List<String> gone = deliveries.values().stream().filter(d -> d.endpointId().equals(id))
                    .map(WebhookDelivery::id).toList();
            gone.forEach(deliveryId -> {
                deliveries.remove(deliveryId);
                attempts.remove(deliveryId);
                leases.remove(deliveryId);
            });
            return true;
        });
    }

    @Override
    public Optional<SigningSecrets> secrets(String endpointId) {
        return locked(() -> Optional.ofNullable(secrets.get(endpointId)));
    }

    @Override
    public boolean rotateSecret(String endpointId, Secret secret, Instant previousUntil) {
        Objects.requireNonNull(secret, "secret");
        return locked(() -> {
            SigningSecrets old = secrets.get(endpointId);
            if (old == null) {
                return false;
            }
            secrets.put(endpointId, new SigningSecrets(secret, old.current(), previousUntil));
            return true;
        });
    }

    @Override
    public WebhookDelivery enqueue(String endpointId, String eventType, String body, Instant now) {
        return locked(() -> {
            if (!endpoints.containsKey(endpointId)) {
                throw new IllegalArgumentException("no endpoint " + endpointId);
            }
            String id = "wd_%016d".formatted(++lastDelivery);
            WebhookDelivery delivery = new WebhookDelivery(id, endpointId,
                    "msg_" + UUID.randomUUID().toString().replace("-", ""), eventType, body, now,
                    DeliveryStatus.PENDING, 0, now, null, null);
            deliveries.put(id, delivery);
            attempts.put(id, new ArrayList<>());
            return delivery;
        });
    }

    @Override
    public List<Claimed> claimDue(String holder, Duration ttl, int limit, int perEndpoint) {
        Objects.requireNonNull(holder, "holder");
        return locked(() -> {
            Instant now = clock.instant();
            Map<String, Integer> busy = new HashMap<>();
            leases.values().stream().filter(lease -> lease.liveAt(now))
                    .forEach(lease -> busy.merge(lease.endpointId(), 1, Integer::sum));
            List<WebhookDelivery> due = deliveries.values().stream()
                    .filter(d -> isDue(d, now) && !hasLiveLease(d.id(), now))
                    .sorted(Comparator.comparing(WebhookDelivery::nextAttemptAt).thenComparing(WebhookDelivery::id))
                    .toList();
            List<Claimed> claimed = new ArrayList<>();
            for (WebhookDelivery delivery : due) {
                if (claimed.size() >= limit) {
                    break;
                }
                if (busy.getOrDefault(delivery.endpointId(), 0) >= perEndpoint) {
                    continue;
                }
                busy.merge(delivery.endpointId(), 1, Integer::sum);
                Lease lease = new Lease(++lastFence, delivery.endpointId(), now.plus(ttl));
                leases.put(delivery.id(), lease);
                claimed.add(new Claimed(delivery, endpoints.get(delivery.endpointId()), lease.fence()));
            }
            return List.copyOf(claimed);
        });
    }

    @Override
    public boolean recordAttempt(Claimed claimed, DeliveryAttempt attempt, DeliveryStatus status,
            Instant nextAttemptAt) {
        Objects.requireNonNull(attempt, "attempt");
        if ((status == DeliveryStatus.PENDING) != (nextAttemptAt != null)) {
            throw new IllegalArgumentException("a pending delivery needs its next attempt time, an ended one none");
        }
        return locked(() -> {
            String id = claimed.delivery().id();
            Lease lease = leases.get(id);
            WebhookDelivery d = deliveries.get(id);
            if (lease == null || lease.fence() != claimed.fence() || d == null) {
                return false;
            }
            leases.remove(id);
            attempts.get(id).add(attempt);
            deliveries.put(id, new WebhookDelivery(id, d.endpointId(), d.messageId(), d.eventType(), d.body(),
                    d.createdAt(), status, d.attempts() + 1, nextAttemptAt, attempt.statusCode(), attempt.error()));
            WebhookEndpoint e = endpoints.get(d.endpointId());
            Instant failingSince = attempt.delivered() ? null
                    : e.failingSince() != null ? e.failingSince() : attempt.at();
            endpoints.put(e.id(), new WebhookEndpoint(e.id(), e.url(), e.description(), e.events(), e.enabled(),
                    e.disabledReason(), e.disabledAt(), failingSince, e.createdAt(), e.updatedAt()));
            return true;
        });
    }

    @Override
    public void disableEndpoint(String endpointId, String reason, Instant now) {
        Objects.requireNonNull(reason, "reason");
        locked(() -> {
            WebhookEndpoint e = endpoints.get(endpointId);
            if (e != null && e.enabled()) {
                endpoints.put(e.id(), new WebhookEndpoint(e.id(), e.url(), e.description(), e.events(), false,
                        reason, now, e.failingSince(), e.createdAt(), now));
                failPending(endpointId, reason);
                announceDisabled(endpointId, reason, now);
            }
            return null;
        });
    }

    /** Tells the other endpoints that receive it that this one was disabled (the lock is held). */
    private void announceDisabled(String endpointId, String reason, Instant now) {
        String body = "{\"type\":\"" + WebhookEventTypes.ENDPOINT_DISABLED + "\",\"timestamp\":\"" + now
                + "\",\"data\":{\"endpoint_id\":\"" + endpointId + "\",\"reason\":\"" + reason + "\"}}";
        for (WebhookEndpoint other : List.copyOf(endpoints.values())) {
            if (other.receives(WebhookEventTypes.ENDPOINT_DISABLED)) {
                enqueue(other.id(), WebhookEventTypes.ENDPOINT_DISABLED, body, now);
            }
        }
    }

    @Override
    public Optional<WebhookDelivery> delivery(String deliveryId) {
        return locked(() -> Optional.ofNullable(deliveries.get(deliveryId)));
    }

    @Override
    public List<WebhookDelivery> deliveries(String endpointId, DeliveryStatus status, String beforeId, int limit) {
        return locked(() -> (beforeId == null ? deliveries : deliveries.headMap(beforeId, false)).descendingMap()
                .values().stream()
                .filter(d -> d.endpointId().equals(endpointId) && (status == null || d.status() == status))
                .limit(limit).toList());
    }

    @Override
    public List<DeliveryAttempt> attempts(String deliveryId) {
        return locked(() -> List.copyOf(attempts.getOrDefault(deliveryId, List.of())));
    }

    @Override
    public boolean retryNow(String deliveryId, Instant now) {
        return locked(() -> {
            WebhookDelivery d = deliveries.get(deliveryId);
            if (d == null) {
                return false;
            }
            deliveries.put(d.id(), withStatus(d, DeliveryStatus.PENDING, now, d.lastError()));
            return true;
        });
    }

    @Override
    public Resent resend(String endpointId, Instant from, Instant to, boolean includeSucceeded, int limit,
            Instant now) {
        return locked(() -> {
            List<WebhookDelivery> matching = deliveries.values().stream()
                    .filter(d -> d.endpointId().equals(endpointId) && !d.createdAt().isBefore(from)
                            && d.createdAt().isBefore(to) && (d.status() == DeliveryStatus.FAILED
                                    || includeSucceeded && d.status() == DeliveryStatus.SUCCEEDED))
                    .sorted(Comparator.comparing(WebhookDelivery::createdAt).thenComparing(WebhookDelivery::id))
                    .toList();
            List<WebhookDelivery> chosen = matching.subList(0, Math.min(limit, matching.size()));
            chosen.forEach(d -> deliveries.put(d.id(), withStatus(d, DeliveryStatus.PENDING, now, d.lastError())));
            return new Resent(chosen.size(), matching.size() > chosen.size() ? matching.get(chosen.size())
                    .createdAt() : null);
        });
    }

    @Override
    public int pruneEndedBefore(Instant cutoff, int limit) {
        return locked(() -> {
            List<String> ended = deliveries.values().stream()
                    .filter(d -> d.status() != DeliveryStatus.PENDING && d.createdAt().isBefore(cutoff))
                    .sorted(Comparator.comparing(WebhookDelivery::createdAt)).limit(limit)
                    .map(WebhookDelivery::id).toList();
            ended.forEach(id -> {
                deliveries.remove(id);
                attempts.remove(id);
                leases.remove(id);
            });
            return ended.size();
        });
    }

    @Override
    public Optional<Duration> untilNextDue() {
        return locked(() -> {
            Instant now = clock.instant();
            return deliveries.values().stream().filter(d -> isPendingOfEnabled(d) && d.nextAttemptAt() != null)
                    .map(WebhookDelivery::nextAttemptAt).min(Comparator.naturalOrder())
                    .map(next -> next.isAfter(now) ? Duration.between(now, next) : Duration.ZERO);
        });
    }

    private boolean isDue(WebhookDelivery d, Instant now) {
        return isPendingOfEnabled(d) && d.nextAttemptAt() != null && !d.nextAttemptAt().isAfter(now);
    }

    private boolean isPendingOfEnabled(WebhookDelivery d) {
        WebhookEndpoint endpoint = endpoints.get(d.endpointId());
        return d.status() == DeliveryStatus.PENDING && endpoint != null && endpoint.enabled();
    }

    private boolean hasLiveLease(String deliveryId, Instant now) {
        Lease lease = leases.get(deliveryId);
        return lease != null && lease.liveAt(now);
    }

    /** The endpoint was disabled: its pending deliveries fail, and their leases end so no attempt is recorded late. */
    private void failPending(String endpointId, String reason) {
        List<WebhookDelivery> pending = deliveries.values().stream()
                .filter(d -> d.endpointId().equals(endpointId) && d.status() == DeliveryStatus.PENDING).toList();
        for (WebhookDelivery d : pending) {
            deliveries.put(d.id(), withStatus(d, DeliveryStatus.FAILED, null, "endpoint disabled (" + reason + ")"));
            leases.remove(d.id());
        }
    }

    private static WebhookDelivery withStatus(WebhookDelivery d, DeliveryStatus status, Instant next, String error) {
        return new WebhookDelivery(d.id(), d.endpointId(), d.messageId(), d.eventType(), d.body(), d.createdAt(),
                status, d.attempts(), next, d.lastStatusCode(), error);
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
