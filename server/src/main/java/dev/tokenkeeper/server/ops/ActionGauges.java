package dev.tokenkeeper.server.ops;

import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.postgres.PostgresDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Counts the deployment's actions by state in one query, at most once per {@link #REFRESH_EVERY}. */
public final class ActionGauges {
    static final Duration REFRESH_EVERY = Duration.ofSeconds(5);
    private final PostgresDatabase database;
    private final ScrapeCache<Map<ActionState, Long>> cache;

    public ActionGauges(PostgresDatabase database, InstantSource clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.cache = new ScrapeCache<>(this::take, clock, REFRESH_EVERY);
    }

    /** Registers {@code tokenkeeper_actions{state}}. */
    public void register(ServiceMetrics metrics) {
        for (ActionState state : ActionState.values()) {
            metrics.gauge("tokenkeeper.actions", "Actions by state, on every instance", state.wireName(),
                    () -> cache.current().getOrDefault(state, 0L));
        }
    }

    private Map<ActionState, Long> take() {
        return database.withConnection(db -> {
            Map<ActionState, Long> byState = new EnumMap<>(ActionState.class);
            try (PreparedStatement count = db.prepareStatement("select state, count(*) from actions group by state");
                    ResultSet rows = count.executeQuery()) {
                while (rows.next()) {
                    Optional<ActionState> state = ActionState.fromWire(rows.getString(1));
                    if (state.isPresent()) {
                        byState.put(state.get(), rows.getLong(2));
                    }
                }
            }
            return byState;
        });
    }
}
