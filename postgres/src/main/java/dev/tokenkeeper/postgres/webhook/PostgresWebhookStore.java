package dev.tokenkeeper.postgres.webhook;

import static dev.tokenkeeper.postgres.webhook.WebhookRows.DELIVERY_COLUMNS;
import static dev.tokenkeeper.postgres.webhook.WebhookRows.ENDPOINT_COLUMNS;
import static dev.tokenkeeper.postgres.webhook.WebhookRows.timestamp;

import dev.tokenkeeper.core.port.ClaimBudget;
import dev.tokenkeeper.core.port.TokenCipher;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.webhook.DeliveryAttempt;
import dev.tokenkeeper.core.webhook.DeliveryStatus;
import dev.tokenkeeper.core.webhook.WebhookDelivery;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import dev.tokenkeeper.core.webhook.WebhookEventTypes;
import dev.tokenkeeper.core.webhook.WebhookStore;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.rekey.EncryptedColumn;
import dev.tokenkeeper.postgres.work.DueClaims;
import dev.tokenkeeper.postgres.work.RowLease;
import dev.tokenkeeper.postgres.work.RowLeases;
import dev.tokenkeeper.postgres.work.WorkTable;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link WebhookStore} on PostgreSQL (V11, and V12's {@code disabled_at}): deliveries of connection and provider events are made by triggers in the
 * transaction that records the event (the outbox); they are claimed with {@link DueClaims} under fenced
 * {@link RowLeases}, one endpoint's at a bounded concurrency; endpoint secrets are encrypted with associated data
 * {@code webhook_endpoint:<id>:secret} (and {@code :previous_secret}).
 */
public final class PostgresWebhookStore implements WebhookStore {
    private static final String SECRET = "secret";
    private static final String PREVIOUS_SECRET = "previous_secret";
    /** The work table: pending deliveries are claimable once due, one endpoint's rows sharing a budget. */
    public static final WorkTable TABLE = new WorkTable("webhook_deliveries", "id", "next_attempt_at",
            "endpoint_id", "status = 'pending'");
    /** {@code webhook_endpoints.secret}, described for re-encryption. */
    public static final EncryptedColumn ENCRYPTED_SECRET = new EncryptedColumn("webhook_endpoints", "id", SECRET,
            List.of(), row -> aad(row.getString("id"), SECRET));
    /** {@code webhook_endpoints.previous_secret}, described for re-encryption. */
    public static final EncryptedColumn ENCRYPTED_PREVIOUS_SECRET = new EncryptedColumn("webhook_endpoints", "id",
            PREVIOUS_SECRET, List.of(), row -> aad(row.getString("id"), PREVIOUS_SECRET));

    private final PostgresDatabase database;
    private final TokenCipher cipher;
    private final DueClaims claims;

    public PostgresWebhookStore(PostgresDatabase database, TokenCipher cipher) {
        this.database = Objects.requireNonNull(database, "database");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.claims = new DueClaims(database, new RowLeases(database, TABLE, "webhook_delivery_released"));
    }

    @Override
    public WebhookEndpoint createEndpoint(WebhookEndpoint endpoint, Secret secret) {
        database.withConnection(db -> {
            try (PreparedStatement insert = db.prepareStatement("insert into webhook_endpoints (id, url,"
                    + " description, events, enabled, disabled_reason, failing_since, created_at, updated_at, secret,"
                    + " disabled_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, endpoint.id());
                insert.setString(2, endpoint.url().toString());
                insert.setString(3, endpoint.description());
                insert.setArray(4, db.createArrayOf("text", endpoint.events().stream().sorted().toArray()));
                insert.setBoolean(5, endpoint.enabled());
                insert.setString(6, endpoint.enabled() ? null : endpoint.disabledReason());
                insert.setTimestamp(7, timestamp(endpoint.failingSince()));
                insert.setTimestamp(8, timestamp(endpoint.createdAt()));
                insert.setTimestamp(9, timestamp(endpoint.updatedAt()));
                insert.setBytes(10, encrypt(secret, endpoint.id(), SECRET));
                insert.setTimestamp(11, endpoint.enabled() ? null
                        : timestamp(Objects.requireNonNullElse(endpoint.disabledAt(), endpoint.updatedAt())));
                return insert.executeUpdate();
            }
        });
        return endpoint(endpoint.id()).orElseThrow();
    }

    @Override
    public Optional<WebhookEndpoint> endpoint(String id) {
        return database.withConnection(db -> readEndpoint(db, id));
    }

    @Override
    public List<WebhookEndpoint> endpoints(String afterId, int limit) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select " + ENDPOINT_COLUMNS
                    + " from webhook_endpoints where ?::text is null or id collate \"C\" > ?"
                    + " order by id collate \"C\" limit ?")) {
                select.setString(1, afterId);
                select.setString(2, afterId);
                select.setInt(3, limit);
                List<WebhookEndpoint> page = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        page.add(WebhookRows.endpoint(row));
                    }
                }
                return page;
            }
        });
    }

    @Override
    public Optional<WebhookEndpoint> updateEndpoint(WebhookEndpoint changed) {
        return database.inTransaction(db -> {
            // Every expression reads the row as it was: one disabled already keeps its reason and time.
            try (PreparedStatement update = db.prepareStatement("update webhook_endpoints set url = ?,"
                    + " description = ?, events = ?, enabled = ?,"
                    + " disabled_reason = case when ? then null when enabled then ? else disabled_reason end,"
                    + " disabled_at = case when ? then null when enabled then ? else disabled_at end, updated_at = ?,"
                    + " failing_since = case when enabled = ? then failing_since end where id = ?")) {
                update.setString(1, changed.url().toString());
                update.setString(2, changed.description());
                update.setArray(3, db.createArrayOf("text", changed.events().stream().sorted().toArray()));
                update.setBoolean(4, changed.enabled());
                update.setBoolean(5, changed.enabled());
                update.setString(6, Objects.requireNonNullElse(changed.disabledReason(), "user"));
                update.setBoolean(7, changed.enabled());
                update.setTimestamp(8, timestamp(changed.updatedAt()));
                update.setTimestamp(9, timestamp(changed.updatedAt()));
                update.setBoolean(10, changed.enabled());
                update.setString(11, changed.id());
                if (update.executeUpdate() == 0) {
                    return Optional.<WebhookEndpoint>empty();
                }
            }
            if (!changed.enabled()) {
                failPending(db, changed.id());
            }
            return readEndpoint(db, changed.id());
        });
    }

    @Override
    public boolean deleteEndpoint(String id) {
        // The deliveries and their attempts go with it (on delete cascade).
        return database.withConnection(db -> {
            try (PreparedStatement delete = db.prepareStatement("delete from webhook_endpoints where id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<SigningSecrets> secrets(String endpointId) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select secret, previous_secret,"
                    + " previous_secret_until from webhook_endpoints where id = ?")) {
                select.setString(1, endpointId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.<SigningSecrets>empty();
                    }
                    byte[] previous = row.getBytes(PREVIOUS_SECRET);
                    return Optional.of(new SigningSecrets(decrypt(row.getBytes(SECRET), endpointId, SECRET),
                            previous == null ? null : decrypt(previous, endpointId, PREVIOUS_SECRET),
                            row.getTimestamp("previous_secret_until") == null ? null
                                    : row.getTimestamp("previous_secret_until").toInstant()));
                }
            }
        });
    }

    @Override
    public boolean rotateSecret(String endpointId, Secret secret, Instant previousUntil) {
        return database.inTransaction(db -> {
            byte[] current;
            try (PreparedStatement select = db.prepareStatement(
                    "select secret from webhook_endpoints where id = ? for no key update")) {
                select.setString(1, endpointId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                    current = row.getBytes(1);
                }
            }
            Secret old = decrypt(current, endpointId, SECRET);
            try (PreparedStatement update = db.prepareStatement("update webhook_endpoints set secret = ?,"
                    + " previous_secret = ?, previous_secret_until = ? where id = ?")) {
                update.setBytes(1, encrypt(secret, endpointId, SECRET));
                update.setBytes(2, encrypt(old, endpointId, PREVIOUS_SECRET));
                update.setTimestamp(3, timestamp(previousUntil));
                update.setString(4, endpointId);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public WebhookDelivery enqueue(String endpointId, String eventType, String body, Instant now) {
        String id = "wd_" + UUID.randomUUID().toString().replace("-", "");
        String messageId = "msg_" + UUID.randomUUID().toString().replace("-", "");
        int inserted = database.withConnection(db -> {
            try (PreparedStatement insert = db.prepareStatement("insert into webhook_deliveries (id, endpoint_id,"
                    + " message_id, event_type, body, created_at, status, attempts, next_attempt_at)"
                    + " select ?, id, ?, ?, ?, ?, 'pending', 0, ? from webhook_endpoints where id = ?")) {
                insert.setString(1, id);
                insert.setString(2, messageId);
                insert.setString(3, eventType);
                insert.setString(4, body);
                insert.setTimestamp(5, timestamp(now));
                insert.setTimestamp(6, timestamp(now));
                insert.setString(7, endpointId);
                return insert.executeUpdate();
            }
        });
        if (inserted == 0) {
            throw new IllegalArgumentException("no webhook endpoint " + endpointId);
        }
        return delivery(id).orElseThrow();
    }

    @Override
    public List<Claimed> claimDue(String holder, Duration ttl, int limit, int perEndpoint) {
        // The bound holds across instances: deliveries still leased anywhere count against their endpoint.
        List<RowLease> taken = claims.claim(holder, ttl, new ClaimBudget(limit, perEndpoint, leasedByEndpoint()));
        if (taken.isEmpty()) {
            return List.of();
        }
        // Two queries for the whole batch, not two per delivery.
        return database.withConnection(db -> {
            Map<String, WebhookDelivery> deliveries = new java.util.HashMap<>();
            Map<String, WebhookEndpoint> endpoints = new java.util.HashMap<>();
            try (PreparedStatement select = db.prepareStatement("select " + DELIVERY_COLUMNS
                    + " from webhook_deliveries where id = any(?)")) {
                select.setArray(1, db.createArrayOf("text", taken.stream().map(RowLease::id).toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        WebhookDelivery delivery = WebhookRows.delivery(rows);
                        deliveries.put(delivery.id(), delivery);
                    }
                }
            }
            try (PreparedStatement select = db.prepareStatement("select " + ENDPOINT_COLUMNS
                    + " from webhook_endpoints where id = any(?)")) {
                select.setArray(1, db.createArrayOf("text", taken.stream().map(RowLease::group).distinct().toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        WebhookEndpoint endpoint = WebhookRows.endpoint(rows);
                        endpoints.put(endpoint.id(), endpoint);
                    }
                }
            }
            List<Claimed> claimed = new ArrayList<>();
            for (RowLease lease : taken) {
                WebhookDelivery delivery = deliveries.get(lease.id());
                WebhookEndpoint endpoint = endpoints.get(lease.group());
                if (delivery != null && endpoint != null) {
                    claimed.add(new Claimed(delivery, endpoint, lease.fence()));
                }
            }
            return claimed;
        });
    }

    /** Per endpoint, how many of its deliveries are being sent now (under a lease that has not run out). */
    private Map<String, Integer> leasedByEndpoint() {
        return database.withConnection(db -> {
            Map<String, Integer> leased = new java.util.HashMap<>();
            try (PreparedStatement count = db.prepareStatement("select endpoint_id, count(*) from webhook_deliveries"
                    + " where status = 'pending' and lease_expires_at > clock_timestamp() group by endpoint_id");
                    ResultSet rows = count.executeQuery()) {
                while (rows.next()) {
                    leased.put(rows.getString(1), rows.getInt(2));
                }
            }
            return leased;
        });
    }

    @Override
    public boolean recordAttempt(Claimed claimed, DeliveryAttempt attempt, DeliveryStatus status,
            Instant nextAttemptAt) {
        DeliveryStatus outcome = nextAttemptAt != null ? DeliveryStatus.PENDING
                : status != DeliveryStatus.PENDING ? status
                : attempt.delivered() ? DeliveryStatus.SUCCEEDED : DeliveryStatus.FAILED;
        String deliveryId = claimed.delivery().id();
        return database.inTransaction(db -> {
            lockEndpoint(db, claimed.delivery().endpointId());
            // A pending delivery of an endpoint disabled meanwhile fails instead: nothing more goes to it.
            try (PreparedStatement update = db.prepareStatement("update webhook_deliveries d set"
                    + " status = case when ? = 'pending' and not exists (select 1 from webhook_endpoints e"
                    + "   where e.id = d.endpoint_id and e.enabled) then 'failed' else ? end,"
                    + " next_attempt_at = case when ? = 'pending' and not exists (select 1 from webhook_endpoints e"
                    + "   where e.id = d.endpoint_id and e.enabled) then null else ?::timestamptz end,"
                    + " attempts = attempts + 1, last_status_code = ?, last_error = ?, lease_holder = null,"
                    + " lease_expires_at = null, lease_attempt_started_at = null where id = ? and lease_fence = ?")) {
                update.setString(1, outcome.wireName());
                update.setString(2, outcome.wireName());
                update.setString(3, outcome.wireName());
                update.setTimestamp(4, timestamp(nextAttemptAt));
                update.setObject(5, attempt.statusCode());
                update.setString(6, attempt.delivered() ? null : lastError(attempt));
                update.setString(7, deliveryId);
                update.setLong(8, claimed.fence());
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement insert = db.prepareStatement("insert into webhook_attempts (delivery_id, at,"
                    + " status_code, error, duration_ms, response_snippet) values (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, deliveryId);
                insert.setTimestamp(2, timestamp(attempt.at()));
                insert.setObject(3, attempt.statusCode());
                insert.setString(4, attempt.error());
                insert.setLong(5, attempt.duration().toMillis());
                insert.setString(6, attempt.responseSnippet());
                insert.executeUpdate();
            }
            try (PreparedStatement failing = db.prepareStatement("update webhook_endpoints set failing_since ="
                    + " case when ? then null else coalesce(failing_since, ?) end where id = ?")) {
                failing.setBoolean(1, attempt.delivered());
                failing.setTimestamp(2, timestamp(attempt.at()));
                failing.setString(3, claimed.delivery().endpointId());
                failing.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public void disableEndpoint(String endpointId, String reason, Instant now) {
        database.inTransaction(db -> {
            boolean wasEnabled;
            try (PreparedStatement select = db.prepareStatement(
                    "select enabled from webhook_endpoints where id = ? for no key update")) {
                select.setString(1, endpointId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return null;
                    }
                    wasEnabled = row.getBoolean(1);
                }
            }
            try (PreparedStatement update = db.prepareStatement("update webhook_endpoints set enabled = false,"
                    + " disabled_reason = case when enabled then ? else disabled_reason end,"
                    + " disabled_at = case when enabled then ? else disabled_at end, updated_at = ? where id = ?")) {
                update.setString(1, reason);
                update.setTimestamp(2, timestamp(now));
                update.setTimestamp(3, timestamp(now));
                update.setString(4, endpointId);
                update.executeUpdate();
            }
            failPending(db, endpointId);
            if (wasEnabled) {
                announceDisabled(db, endpointId, reason, now);
            }
            return null;
        });
    }

    /**
     * Tells the other endpoints that receive it, in the transaction that disabled this one, through the outbox's own
     * function: someone must look at an endpoint that stopped receiving.
     */
    private static void announceDisabled(Connection db, String endpointId, String reason, Instant now)
            throws SQLException {
        try (PreparedStatement announce = db.prepareStatement("select webhook_enqueue_event(?, ?, ?, ?,"
                + " jsonb_build_object('endpoint_id', ?::text, 'reason', ?::text))")) {
            announce.setString(1, "webhook_endpoints:" + endpointId);
            announce.setLong(2, now.toEpochMilli());
            announce.setString(3, WebhookEventTypes.ENDPOINT_DISABLED);
            announce.setTimestamp(4, timestamp(now));
            announce.setString(5, endpointId);
            announce.setString(6, reason);
            announce.execute();
        }
    }

    @Override
    public Optional<WebhookDelivery> delivery(String deliveryId) {
        return database.withConnection(db -> readDelivery(db, deliveryId));
    }

    @Override
    public List<WebhookDelivery> deliveries(String endpointId, DeliveryStatus status, String beforeId, int limit) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select " + DELIVERY_COLUMNS
                    + " from webhook_deliveries where endpoint_id = ? and (?::text is null or status = ?)"
                    + " and (?::text is null or seq < (select b.seq from webhook_deliveries b where b.id = ?))"
                    + " order by seq desc limit ?")) {
                String wire = status == null ? null : status.wireName();
                select.setString(1, endpointId);
                select.setString(2, wire);
                select.setString(3, wire);
                select.setString(4, beforeId);
                select.setString(5, beforeId);
                select.setInt(6, limit);
                List<WebhookDelivery> page = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        page.add(WebhookRows.delivery(row));
                    }
                }
                return page;
            }
        });
    }

    @Override
    public List<DeliveryAttempt> attempts(String deliveryId) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select at, status_code, error, duration_ms,"
                    + " response_snippet from webhook_attempts where delivery_id = ? order by id")) {
                select.setString(1, deliveryId);
                List<DeliveryAttempt> attempts = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        attempts.add(WebhookRows.attempt(row));
                    }
                }
                return attempts;
            }
        });
    }

    @Override
    public boolean retryNow(String deliveryId, Instant now) {
        return database.withConnection(db -> {
            try (PreparedStatement update = db.prepareStatement("update webhook_deliveries set status = 'pending',"
                    + " next_attempt_at = ? where id = ?")) {
                update.setTimestamp(1, timestamp(now));
                update.setString(2, deliveryId);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Resent resend(String endpointId, Instant from, Instant to, boolean includeSucceeded, int limit,
            Instant now) {
        String matching = " from webhook_deliveries where endpoint_id = ? and created_at >= ? and created_at < ?"
                + " and (status = 'failed' or (? and status = 'succeeded'))";
        return database.inTransaction(db -> {
            lockEndpoint(db, endpointId);
            int count;
            try (PreparedStatement update = db.prepareStatement("update webhook_deliveries set status = 'pending',"
                    + " next_attempt_at = ? where id in (select id" + matching
                    + " order by created_at, seq limit ? for update)")) {
                update.setTimestamp(1, timestamp(now));
                matching(update, 2, endpointId, from, to, includeSucceeded);
                update.setInt(6, limit);
                count = update.executeUpdate();
            }
            // The ones just made pending no longer match: what still matches is what the limit left.
            try (PreparedStatement left = db.prepareStatement("select min(created_at)" + matching)) {
                matching(left, 1, endpointId, from, to, includeSucceeded);
                try (ResultSet row = left.executeQuery()) {
                    row.next();
                    Timestamp next = row.getTimestamp(1);
                    return new Resent(count, next == null ? null : next.toInstant());
                }
            }
        });
    }

    private static void matching(PreparedStatement statement, int first, String endpointId, Instant from,
            Instant to, boolean includeSucceeded) throws SQLException {
        statement.setString(first, endpointId);
        statement.setTimestamp(first + 1, timestamp(from));
        statement.setTimestamp(first + 2, timestamp(to));
        statement.setBoolean(first + 3, includeSucceeded);
    }

    @Override
    public int pruneEndedBefore(Instant cutoff, int limit) {
        return database.inTransaction(db -> {
            try (PreparedStatement prune = db.prepareStatement("delete from webhook_deliveries where id in ("
                    + " select id from webhook_deliveries where status in ('succeeded', 'failed') and created_at < ?"
                    + " order by created_at limit ? for update skip locked)")) {
                prune.setTimestamp(1, WebhookRows.timestamp(cutoff));
                prune.setInt(2, limit);
                return prune.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Duration> untilNextDue() {
        return claims.untilNextDue();
    }

    /**
     * Fails an endpoint's pending deliveries and ends their leases with a new fence, so an attempt in flight records
     * nothing late (it would make a failed delivery pending again once the endpoint is enabled).
     */
    private static void failPending(Connection db, String endpointId) throws SQLException {
        try (PreparedStatement fail = db.prepareStatement("update webhook_deliveries set status = 'failed',"
                + " next_attempt_at = null, last_error = coalesce(last_error, 'endpoint disabled'),"
                + " lease_fence = nextval('lease_fences'), lease_holder = null, lease_expires_at = null,"
                + " lease_attempt_started_at = null where endpoint_id = ? and status = 'pending'")) {
            fail.setString(1, endpointId);
            fail.executeUpdate();
        }
    }

    /**
     * Locks the endpoint's row before any of its deliveries: every transaction that writes an endpoint and its
     * deliveries (an attempt's record, a resend, a disable) takes the endpoint first, so two of them never wait for
     * each other in opposite orders (a deadlock PostgreSQL would break by failing one).
     */
    private static void lockEndpoint(Connection db, String endpointId) throws SQLException {
        try (PreparedStatement lock = db.prepareStatement(
                "select 1 from webhook_endpoints where id = ? for no key update")) {
            lock.setString(1, endpointId);
            lock.executeQuery().close();
        }
    }

    private static Optional<WebhookEndpoint> readEndpoint(Connection db, String id) throws SQLException {
        try (PreparedStatement select = db.prepareStatement(
                "select " + ENDPOINT_COLUMNS + " from webhook_endpoints where id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(WebhookRows.endpoint(row)) : Optional.empty();
            }
        }
    }

    private static Optional<WebhookDelivery> readDelivery(Connection db, String id) throws SQLException {
        try (PreparedStatement select = db.prepareStatement(
                "select " + DELIVERY_COLUMNS + " from webhook_deliveries where id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(WebhookRows.delivery(row)) : Optional.empty();
            }
        }
    }

    private static String lastError(DeliveryAttempt attempt) {
        if (attempt.error() != null) {
            return attempt.error();
        }
        return attempt.statusCode() == null ? null : "status " + attempt.statusCode();
    }

    private byte[] encrypt(Secret secret, String endpointId, String field) {
        return cipher.encrypt(secret.reveal().getBytes(StandardCharsets.UTF_8), aad(endpointId, field));
    }

    private Secret decrypt(byte[] ciphertext, String endpointId, String field) {
        return Secret.of(new String(cipher.decrypt(ciphertext, aad(endpointId, field)), StandardCharsets.UTF_8));
    }

    private static String aad(String endpointId, String field) {
        return "webhook_endpoint:" + endpointId + ":" + field;
    }
}
