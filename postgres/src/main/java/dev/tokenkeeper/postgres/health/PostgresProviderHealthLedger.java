package dev.tokenkeeper.postgres.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.health.ProviderEvent;
import dev.tokenkeeper.core.health.ProviderEventType;
import dev.tokenkeeper.core.health.ProviderHealth;
import dev.tokenkeeper.core.port.ProviderHealthLedger;
import dev.tokenkeeper.postgres.PostgresDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ProviderHealthLedger} on PostgreSQL: a row of {@code misconfigured_providers} per provider marked now, and
 * {@code provider_events} written in the same transaction. Marking inserts the row (a concurrent mark waits and finds
 * it); recovering deletes it in one statement that also finds no misconfigured connection, so a connection committed
 * as misconfigured meanwhile either keeps the row or marks the provider again after it.
 */
public final class PostgresProviderHealthLedger implements ProviderHealthLedger {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String COUNT_MISCONFIGURED =
            "select count(*) from connections where provider_key = ? and state = 'misconfigured'";

    private final PostgresDatabase database;

    public PostgresProviderHealthLedger(PostgresDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<ProviderEvent> markMisconfigured(String providerKey, Cause cause, Instant at) {
        return database.inTransaction(db -> {
            try (PreparedStatement insert = db.prepareStatement("insert into misconfigured_providers"
                    + " (provider_key, cause, since) values (?, ?, ?) on conflict (provider_key) do nothing")) {
                insert.setString(1, providerKey);
                insert.setString(2, cause.code());
                insert.setTimestamp(3, Timestamp.from(at));
                if (insert.executeUpdate() == 0) {
                    return Optional.<ProviderEvent>empty();
                }
            }
            return Optional.of(append(db, providerKey, at, ProviderEventType.MISCONFIGURED, cause));
        });
    }

    @Override
    public Optional<ProviderEvent> markRecoveredIfHealed(String providerKey, Instant at) {
        return database.inTransaction(db -> {
            String cause;
            try (PreparedStatement delete = db.prepareStatement("delete from misconfigured_providers"
                    + " where provider_key = ? and not exists (select 1 from connections"
                    + " where provider_key = ? and state = 'misconfigured') returning cause")) {
                delete.setString(1, providerKey);
                delete.setString(2, providerKey);
                try (ResultSet row = delete.executeQuery()) {
                    if (!row.next()) {
                        return Optional.<ProviderEvent>empty();
                    }
                    cause = row.getString(1);
                }
            }
            return Optional.of(append(db, providerKey, at, ProviderEventType.RECOVERED, cause(cause)));
        });
    }

    @Override
    public ProviderHealth health(String providerKey) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select cause, since, (" + COUNT_MISCONFIGURED
                    + ") from misconfigured_providers where provider_key = ?")) {
                select.setString(1, providerKey);
                select.setString(2, providerKey);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return ProviderHealth.OK;
                    }
                    return ProviderHealth.misconfigured(cause(row.getString(1)), row.getTimestamp(2).toInstant(),
                            row.getInt(3));
                }
            }
        });
    }

    @Override
    public List<ProviderEvent> events(String providerKey, int limit) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select seq, at, type, payload from provider_events"
                    + " where provider_key = ? order by seq desc limit ?")) {
                select.setString(1, providerKey);
                select.setInt(2, limit);
                List<ProviderEvent> events = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        JsonNode payload = read(row.getString("payload"));
                        events.add(new ProviderEvent(row.getLong("seq"), providerKey,
                                row.getTimestamp("at").toInstant(), ProviderEventType.fromWireName(row.getString("type")),
                                cause(payload.path("cause").asText()), payload.path("affected_connections").asInt()));
                    }
                }
                Collections.reverse(events);
                return events;
            }
        });
    }

    @Override
    public int scheduleReverification(String providerKey, boolean clientCredentials, Instant start,
            Duration spacing) {
        return database.withConnection(db -> {
            // One statement: each misconfigured row that can be renewed (a refresh token, or the client's credentials)
            // gets start + (its place in id order) x spacing.
            try (PreparedStatement update = db.prepareStatement("update connections c"
                    + " set next_refresh_at = ?::timestamptz"
                    + " + ((r.n - 1) * ?)::double precision * interval '1 microsecond'"
                    + " from (select id, row_number() over (order by id collate \"C\") as n from connections"
                    + " where provider_key = ? and state = 'misconfigured' and (refresh_token is not null or ?)) r"
                    + " where c.id = r.id and c.state = 'misconfigured'")) {
                update.setTimestamp(1, Timestamp.from(start));
                update.setLong(2, spacing.toNanos() / 1_000);
                update.setString(3, providerKey);
                update.setBoolean(4, clientCredentials);
                return update.executeUpdate();
            }
        });
    }

    private static ProviderEvent append(Connection db, String providerKey, Instant at, ProviderEventType type,
            Cause cause) throws SQLException {
        int affected;
        try (PreparedStatement count = db.prepareStatement(COUNT_MISCONFIGURED)) {
            count.setString(1, providerKey);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                affected = row.getInt(1);
            }
        }
        ObjectNode payload = MAPPER.createObjectNode().put("provider", providerKey).put("cause", cause.code())
                .put("affected_connections", affected);
        try (PreparedStatement insert = db.prepareStatement("insert into provider_events"
                + " (provider_key, at, type, payload) values (?, ?, ?, ?::jsonb) returning seq")) {
            insert.setString(1, providerKey);
            insert.setTimestamp(2, Timestamp.from(at));
            insert.setString(3, type.wireName());
            insert.setString(4, payload.toString());
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return new ProviderEvent(row.getLong(1), providerKey, at, type, cause, affected);
            }
        }
    }

    /** A stored cause code; one this version does not know (written by a newer one) reads as the generic one. */
    private static Cause cause(String code) {
        return Cause.fromCode(code).orElse(Cause.TOKEN_ANSWER_UNRECOGNIZED);
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
