package dev.tokenkeeper.postgres.provider;

import dev.tokenkeeper.postgres.rekey.EncryptedColumn;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.port.TokenCipher;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ProviderDirectory} on PostgreSQL: each config as API.md's JSON, its client secret encrypted with associated
 * data naming the provider and field, so a ciphertext copied to another provider's row does not decrypt.
 *
 * <p>{@link #find} sits on the path of every refresh, so configs found are cached in this process for a short time to
 * live (5 seconds by default). A save or delete through this instance is seen by it at once; other instances sharing
 * the database see it once their cached copy expires, within one time to live (a connection they create meanwhile
 * for a deleted provider is refused by the database all the same).
 */
public final class PostgresProviderDirectory implements ProviderDirectory {
    /** How long a config found stays cached unless changed through this instance. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(PostgresProviderDirectory.class);
    private static final String CLIENT_SECRET = "client_secret";

    private final PostgresDatabase database;
    private final TokenCipher cipher;
    private final ProviderCache cache;

    public PostgresProviderDirectory(PostgresDatabase database, TokenCipher cipher) {
        this(database, cipher, DEFAULT_CACHE_TTL, InstantSource.system());
    }

    /**
     * A directory whose cache keeps configs for {@code cacheTtl} by {@code clock}.
     *
     * @param cacheTtl how long a config found is served from memory (zero: read the database every time)
     */
    public PostgresProviderDirectory(PostgresDatabase database, TokenCipher cipher, Duration cacheTtl,
            InstantSource clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.cache = new ProviderCache(cacheTtl, clock);
    }

    /**
     * The config saved under {@code providerKey}, with its client secret.
     *
     * @throws CorruptProviderException when the stored config cannot be used as it stands
     */
    @Override
    public Optional<ProviderConfig> find(String providerKey) {
        return cache.get(providerKey, this::read);
    }

    /** Every saved config, by key. */
    public List<ProviderConfig> list() {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement(
                    "select key, config::text, client_secret from providers order by key");
                    ResultSet rows = select.executeQuery()) {
                List<ProviderConfig> configs = new ArrayList<>();
                while (rows.next()) {
                    configs.add(config(rows));
                }
                return configs;
            }
        });
    }

    /** Creates or replaces the config under its key; true when it was created. */
    public boolean save(ProviderConfig config) {
        String json = ProviderRows.configColumn(config);
        byte[] secret = config.clientSecret() == null ? null : cipher.encrypt(
                config.clientSecret().reveal().getBytes(StandardCharsets.UTF_8), secretAad(config.key()));
        boolean created = database.inTransaction(db -> {
            boolean inserted;
            // xmax is 0 only on a row version this statement inserted, not on one it updated.
            try (PreparedStatement upsert = db.prepareStatement("insert into providers (key, config, client_secret)"
                    + " values (?, ?::jsonb, ?) on conflict (key) do update set config = excluded.config,"
                    + " client_secret = excluded.client_secret, updated_at = now() returning (xmax = 0)")) {
                upsert.setString(1, config.key());
                upsert.setString(2, json);
                upsert.setBytes(3, secret);
                try (ResultSet row = upsert.executeQuery()) {
                    row.next();
                    inserted = row.getBoolean(1);
                }
            }
            try (PreparedStatement revive = db.prepareStatement("delete from deleted_providers where key = ?")) {
                revive.setString(1, config.key());
                revive.executeUpdate();
            }
            return inserted;
        });
        cache.invalidate();
        return created;
    }

    /**
     * Deletes the config under {@code providerKey} unless a connection uses it. The database decides: the provider's
     * row is locked first, so a connection being created waits or is waited for, and is then either counted (nothing
     * is deleted) or refused by {@code PostgresConnectionStore.create} (the key is left as deleted until a config is
     * saved under it again).
     */
    public ProviderDeletion delete(String providerKey) {
        ProviderDeletion deletion = database.inTransaction(db -> {
            String stored;
            try (PreparedStatement lock = db.prepareStatement(
                    "select config::text from providers where key = ? for update")) {
                lock.setString(1, providerKey);
                try (ResultSet row = lock.executeQuery()) {
                    if (!row.next()) {
                        return new ProviderDeletion.NotFound();
                    }
                    stored = row.getString(1);
                }
            }
            // A new statement, so connections committed while the lock above waited are counted.
            long connections = count(db, providerKey);
            if (connections > 0) {
                return new ProviderDeletion.InUse(connections);
            }
            try (PreparedStatement delete = db.prepareStatement("delete from providers where key = ?");
                    PreparedStatement tombstone = db.prepareStatement("insert into deleted_providers (key)"
                            + " values (?) on conflict (key) do update set deleted_at = now()")) {
                delete.setString(1, providerKey);
                delete.executeUpdate();
                tombstone.setString(1, providerKey);
                tombstone.executeUpdate();
            }
            return new ProviderDeletion.Deleted(ProviderRows.storedJson(providerKey, stored));
        });
        cache.invalidate();
        return deletion;
    }

    private static long count(java.sql.Connection db, String providerKey) throws SQLException {
        try (PreparedStatement count = db.prepareStatement(
                "select count(*) from connections where provider_key = ?")) {
            count.setString(1, providerKey);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private Optional<ProviderConfig> read(String providerKey) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement(
                    "select key, config::text, client_secret from providers where key = ?")) {
                select.setString(1, providerKey);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(config(row)) : Optional.empty();
                }
            }
        });
    }

    private ProviderConfig config(ResultSet row) throws SQLException {
        String key = row.getString(1);
        byte[] ciphertext = row.getBytes(3);
        Secret secret = ciphertext == null ? null : Secret.of(decryptSecret(key, ciphertext));
        return ProviderRows.config(key, row.getString(2), secret);
    }

    private String decryptSecret(String key, byte[] ciphertext) {
        try {
            return new String(cipher.decrypt(ciphertext, secretAad(key)), StandardCharsets.UTF_8);
        } catch (TokenCipher.UndecryptableException e) {
            LOG.error("undecryptable_secret provider={} field={}: the stored ciphertext does not belong here or was"
                    + " made with an unknown key; it is not served", key, CLIENT_SECRET);
            throw new CorruptProviderException(key, "the stored client secret does not decrypt (" + e.getMessage()
                    + ")", e);
        }
    }

    /** {@code providers.client_secret}, described for re-encryption with the associated data it is bound to. */
    public static final EncryptedColumn ENCRYPTED_SECRET = new EncryptedColumn("providers", "key", CLIENT_SECRET,
            List.of(), row -> secretAad(row.getString("key")));

    private static String secretAad(String key) {
        return "provider:" + key + ":" + CLIENT_SECRET;
    }
}
