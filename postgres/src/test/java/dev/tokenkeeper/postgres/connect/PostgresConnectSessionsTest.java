package dev.tokenkeeper.postgres.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.port.ConnectSession;
import dev.tokenkeeper.core.port.ConnectSessions;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.testkit.contract.ConnectSessionsContract;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresConnectSessionsTest extends ConnectSessionsContract {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static PostgresDatabase database;
    private static TinkTokenCipher cipher;

    @BeforeAll
    static void open() {
        database = TestDatabases.fresh();
        cipher = TestCiphers.fresh();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    /** One database for the class, emptied for each test. */
    @Override
    protected ConnectSessions sessions() {
        TestDatabases.emptyTable(database, "connect_sessions");
        return new PostgresConnectSessions(database, cipher);
    }

    @Test
    void table_holdsTheStatesHashAndAnEncryptedVerifier_butNeitherInPlainText() {
        ConnectSession session = session("cs-at-rest");
        sessions().create(session);

        String dump = rowText("cs-at-rest");

        assertThat(dump).contains("cs-at-rest", HexFormat.of().formatHex(session.state().sha256()))
                .doesNotContain(session.state().reveal())
                .doesNotContain(hex(session.state()))
                .doesNotContain(session.codeVerifier().reveal())
                .doesNotContain(hex(session.codeVerifier()));
    }

    @Test
    void consume_dropsTheCodeVerifierFromTheRow() {
        ConnectSessions sessions = sessions();
        ConnectSession session = session("cs-dropped");
        sessions.create(session);

        sessions.consume(session.state(), NOW);

        assertThat(verifierColumnIsNull("cs-dropped")).isTrue();
    }

    @Test
    void consume_failsWithoutHandingOutTheSession_whenTheVerifierWasCopiedFromAnotherSession() {
        ConnectSessions sessions = sessions();
        ConnectSession victim = session("cs-victim");
        ConnectSession thief = session("cs-thief");
        sessions.create(victim);
        sessions.create(thief);
        database.withConnection(db -> {
            try (Statement copy = db.createStatement()) {
                return copy.executeUpdate("update connect_sessions set code_verifier = (select code_verifier from"
                        + " connect_sessions where id = 'cs-victim') where id = 'cs-thief'");
            }
        });

        assertThatThrownBy(() -> sessions.consume(thief.state(), NOW))
                .hasMessageNotContaining(victim.codeVerifier().reveal());
        assertThat(verifierColumnIsNull("cs-thief")).isFalse();
    }

    private static ConnectSession session(String id) {
        return new ConnectSession(id, "acme", null, Secret.of("state-" + id + "-" + System.nanoTime()),
                Secret.of("verifier-" + id + "-" + System.nanoTime()), null, Map.of(), NOW,
                NOW.plus(Duration.ofMinutes(10)));
    }

    private static String hex(Secret secret) {
        return HexFormat.of().formatHex(secret.reveal().getBytes(StandardCharsets.UTF_8));
    }

    private static String rowText(String id) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select t::text from connect_sessions t where id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getString(1);
                }
            }
        });
    }

    private static boolean verifierColumnIsNull(String id) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement(
                    "select code_verifier is null from connect_sessions where id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getBoolean(1);
                }
            }
        });
    }
}
