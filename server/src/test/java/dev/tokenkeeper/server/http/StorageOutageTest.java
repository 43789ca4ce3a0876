package dev.tokenkeeper.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * While the service's database refuses it (a restart, a failover, a full connection table), a request is told to try
 * again later — 503 {@code storage_unavailable} with {@code Retry-After}, never a 500 or a stack trace — and once
 * the database is back the service answers again by itself.
 */
class StorageOutageTest extends ServiceBackedTest {

    @Test
    void aRequest_whileTheDatabaseRefusesConnections_isA503WithRetryAfter_andTheServiceComesBackByItself()
            throws SQLException {
        String url = service.tokenkeeper.parts().storage().database().jdbcUrl();
        String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        assertThat(name).matches("test_[0-9_]+");
        assertThat(service.api.get("/v1/connections").status()).isEqualTo(200);

        Answer during;
        try (Connection admin = DriverManager.getConnection(TestDatabases.server().jdbcUrl("postgres"));
                Statement statement = admin.createStatement()) {
            statement.execute("alter database " + name + " allow_connections false");
            try {
                statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                        + name + "' and pid <> pg_backend_pid()");
                during = service.api.get("/v1/connections");
            } finally {
                statement.execute("alter database " + name + " allow_connections true");
            }
        }

        assertThat(during.status()).as(during.text()).isEqualTo(503);
        assertThat(during.json().path("code").asText()).isEqualTo("storage_unavailable");
        assertThat(during.header("Retry-After")).isEqualTo("2");
        assertThat(during.header("Content-Type")).startsWith("application/problem+json");
        assertThat(during.text()).doesNotContain("SQL").doesNotContain("Exception").doesNotContain("jdbc:")
                .doesNotContain(name);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> service.api.get("/v1/connections").status() == 200);
        assertThat(service.api.get("/health/ready").status()).isEqualTo(200);
    }
}
