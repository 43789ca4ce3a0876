package dev.tokenkeeper.server.ops;

import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.server.http.Json;
import dev.tokenkeeper.server.http.QueryParams;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /health/live}, {@code /health/ready} (the database answers) and {@code /metrics} (Prometheus). */
public final class OpsApi implements HttpService {
    private static final Logger LOG = LoggerFactory.getLogger(OpsApi.class);
    private final PostgresDatabase database;
    private final ServiceMetrics metrics;

    public OpsApi(PostgresDatabase database, ServiceMetrics metrics) {
        this.database = database;
        this.metrics = metrics;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/health/live", QueryParams.none((request, response) -> status(response, 200, "up")))
                .get("/health/ready", QueryParams.none(this::ready))
                .get("/metrics", QueryParams.none(this::metrics));
    }

    private void ready(ServerRequest request, ServerResponse response) {
        try {
            database.withConnection(db -> {
                try (Statement statement = db.createStatement()) {
                    return statement.execute("select 1");
                }
            });
            status(response, 200, "ready");
        } catch (RuntimeException e) {
            LOG.warn("readiness check failed: the database does not answer ({})", e.getClass().getSimpleName());
            status(response, 503, "database_unavailable");
        }
    }

    private void metrics(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        response.send(metrics.scrape());
    }

    private static void status(ServerResponse response, int status, String state) {
        var body = Json.object();
        body.put("status", state);
        Json.send(response, status, body);
    }
}
