package dev.tokenkeeper.postgres.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.port.ConnectSession;
import dev.tokenkeeper.core.port.ConnectSessionError;
import dev.tokenkeeper.core.port.ConnectSessionStatus;
import dev.tokenkeeper.core.port.ConnectSessionStatus.State;
import dev.tokenkeeper.core.port.ConnectSessions;
import dev.tokenkeeper.core.port.SessionConsumption;
import dev.tokenkeeper.core.port.TokenCipher;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.rekey.EncryptedColumn;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ConnectSessions} on PostgreSQL, in the {@code connect_sessions} table: the SHA-256 of each state (never the
 * state) and the code verifier encrypted with associated data naming the session, so a ciphertext copied to another
 * session's row does not decrypt. A consume locks the session's row, so concurrent callers use it one after another
 * and only the first finds it unused.
 */
public final class PostgresConnectSessions implements ConnectSessions {
    private static final String CODE_VERIFIER = "code_verifier";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    /** {@code connect_sessions.code_verifier}, described for re-encryption with the associated data it is bound to. */
    public static final EncryptedColumn ENCRYPTED_VERIFIER = new EncryptedColumn("connect_sessions", "id",
            CODE_VERIFIER, List.of(), row -> verifierAad(row.getString("id")));

    private final PostgresDatabase database;
    private final TokenCipher cipher;

    public PostgresConnectSessions(PostgresDatabase database, TokenCipher cipher) {
        this.database = Objects.requireNonNull(database, "database");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    @Override
    public void create(ConnectSession session) {
        byte[] verifier = session.codeVerifier() == null ? null : cipher.encrypt(
                session.codeVerifier().reveal().getBytes(StandardCharsets.UTF_8), verifierAad(session.id()));
        boolean inserted = database.withConnection(db -> {
            try (PreparedStatement insert = db.prepareStatement("insert into connect_sessions (id, state_sha256,"
                    + " provider_key, connection_id, code_verifier, redirect_after, metadata, created_at, expires_at,"
                    + " connection_config) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb) on conflict do nothing")) {
                insert.setString(1, session.id());
                insert.setBytes(2, session.state().sha256());
                insert.setString(3, session.providerKey());
                insert.setString(4, session.connectionId());
                insert.setBytes(5, verifier);
                insert.setString(6, session.redirectAfter() == null ? null : session.redirectAfter().toString());
                insert.setString(7, json(session.metadata()));
                insert.setTimestamp(8, Timestamp.from(session.createdAt()));
                insert.setTimestamp(9, Timestamp.from(session.expiresAt()));
                insert.setString(10, json(session.connectionConfig()));
                return insert.executeUpdate() == 1;
            }
        });
        if (!inserted) {
            throw new IllegalArgumentException("a connect session with the id " + session.id()
                    + " or the same state is stored already");
        }
    }

    @Override
    public SessionConsumption consume(Secret state, Instant now) {
        return database.inTransaction(db -> {
            try (PreparedStatement select = db.prepareStatement("select id, provider_key, connection_id,"
                    + " code_verifier, redirect_after, metadata::text, created_at, expires_at, used_at,"
                    + " connection_config::text"
                    + " from connect_sessions where state_sha256 = ? for update")) {
                select.setBytes(1, state.sha256());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? consume(db, row, state, now) : new SessionConsumption.Unknown();
                }
            }
        });
    }

    @Override
    public void complete(String id, String connectionId, List<Cause> warnings, Instant now) {
        end(id, "completed", connectionId, null, warnings, now);
    }

    @Override
    public void fail(String id, ConnectSessionError error, Instant now) {
        end(id, "failed", null, error, List.of(), now);
    }

    @Override
    public Optional<ConnectSessionStatus> status(String id, Instant now) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select provider_key, connection_id, outcome,"
                    + " error_code, error_description, error_cause, warnings, expires_at from connect_sessions"
                    + " where id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(status(id, row, now)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public int purge(Instant cutoff) {
        return database.withConnection(db -> {
            try (PreparedStatement delete = db.prepareStatement("delete from connect_sessions where id in (select id"
                    + " from connect_sessions where expires_at < ? order by expires_at limit ?)")) {
                delete.setTimestamp(1, Timestamp.from(cutoff));
                delete.setInt(2, PURGE_BATCH);
                return delete.executeUpdate();
            }
        });
    }

    /** Ends an unended session; the connection id is kept when null (a reconnect's is set at creation). */
    private void end(String id, String outcome, String connectionId, ConnectSessionError error,
            List<Cause> warnings, Instant now) {
        database.withConnection(db -> {
            try (PreparedStatement update = db.prepareStatement("update connect_sessions set outcome = ?,"
                    + " ended_at = ?, connection_id = coalesce(?, connection_id), error_code = ?,"
                    + " error_description = ?, error_cause = ?, warnings = ? where id = ? and outcome is null")) {
                update.setString(1, outcome);
                update.setTimestamp(2, Timestamp.from(now));
                update.setString(3, connectionId);
                update.setString(4, error == null ? null : error.code());
                update.setString(5, error == null ? null : error.description());
                update.setString(6, error == null || error.cause() == null ? null : error.cause().code());
                update.setArray(7, db.createArrayOf("text", warnings.stream().map(Cause::code).toArray()));
                update.setString(8, id);
                return update.executeUpdate();
            }
        });
    }

    private static ConnectSessionStatus status(String id, ResultSet row, Instant now) throws SQLException {
        String outcome = row.getString("outcome");
        State state = outcome != null ? State.valueOf(outcome.toUpperCase(Locale.ROOT))
                : now.isBefore(row.getTimestamp("expires_at").toInstant()) ? State.PENDING : State.EXPIRED;
        String errorCode = row.getString("error_code");
        return new ConnectSessionStatus(id, row.getString("provider_key"), row.getString("connection_id"), state,
                errorCode == null ? null : new ConnectSessionError(errorCode, row.getString("error_description"),
                        Cause.fromCode(row.getString("error_cause")).orElse(null)),
                causes(row.getArray("warnings")));
    }

    /** The stored cause codes that Tokenkeeper knows (one a later version dropped is left out). */
    private static List<Cause> causes(Array codes) throws SQLException {
        if (codes == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) codes.getArray())
                .flatMap(code -> Cause.fromCode((String) code).stream())
                .toList();
    }

    private SessionConsumption consume(Connection db, ResultSet row, Secret state, Instant now) throws SQLException {
        Timestamp usedAt = row.getTimestamp("used_at");
        String redirectAfter = row.getString("redirect_after");
        URI redirect = redirectAfter == null ? null : URI.create(redirectAfter);
        if (usedAt != null) {
            return new SessionConsumption.AlreadyUsed(usedAt.toInstant(), row.getString("id"), redirect);
        }
        Instant expiresAt = row.getTimestamp("expires_at").toInstant();
        if (!now.isBefore(expiresAt)) {
            return new SessionConsumption.Expired(expiresAt, row.getString("id"), redirect);
        }
        ConnectSession session = session(row, state);
        try (PreparedStatement use = db.prepareStatement(
                "update connect_sessions set used_at = ?, code_verifier = null where id = ?")) {
            use.setTimestamp(1, Timestamp.from(now));
            use.setString(2, session.id());
            use.executeUpdate();
        }
        return new SessionConsumption.Consumed(session);
    }

    private ConnectSession session(ResultSet row, Secret state) throws SQLException {
        String id = row.getString("id");
        byte[] verifier = row.getBytes(CODE_VERIFIER);
        String redirectAfter = row.getString("redirect_after");
        return new ConnectSession(id, row.getString("provider_key"), row.getString("connection_id"), state,
                verifier == null ? null : Secret.of(new String(cipher.decrypt(verifier, verifierAad(id)),
                        StandardCharsets.UTF_8)),
                redirectAfter == null ? null : URI.create(redirectAfter), map(row.getString("metadata")),
                row.getTimestamp("created_at").toInstant(), row.getTimestamp("expires_at").toInstant(),
                map(row.getString("connection_config")));
    }

    private static String verifierAad(String sessionId) {
        return "connect_session:" + sessionId + ":" + CODE_VERIFIER;
    }

    private static String json(Map<String, String> metadata) {
        try {
            return MAPPER.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata is not serializable", e);
        }
    }

    private static Map<String, String> map(String json) throws SQLException {
        try {
            return MAPPER.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new SQLException("a connect_sessions column is not a JSON object of strings", e);
        }
    }
}
