package dev.tokenkeeper.postgres.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.provider.ClientAuth;
import dev.tokenkeeper.core.provider.ErrorExpression;
import dev.tokenkeeper.core.provider.ExpiresInUnit;
import dev.tokenkeeper.core.provider.ExpressionLimits;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.RotationSettings;
import dev.tokenkeeper.core.provider.TokenResponseSettings;
import dev.tokenkeeper.core.provider.WhoamiCheck;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.testkit.clock.SettableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresProviderDirectoryTest {
    private static final String CLIENT_SECRET = "acme-client-secret-value";

    private final PostgresDatabase database = TestDatabases.fresh();
    private final TinkTokenCipher cipher = TestCiphers.fresh();
    private final SettableClock clock = new SettableClock();
    private final PostgresProviderDirectory providers = directory();

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void find_returnsTheSavedConfigWithItsClientSecret_whenEveryFieldIsSet() {
        ProviderConfig acme = full("acme");

        boolean created = providers.save(acme);

        assertThat(created).isTrue();
        assertThat(directory().find("acme")).contains(acme);
        assertThat(directory().find("acme").orElseThrow().clientSecret().reveal()).isEqualTo(CLIENT_SECRET);
    }

    @Test
    void find_returnsAConfigWithoutClientSecret_asSaved() {
        ProviderConfig bare = minimal("bare").build();

        providers.save(bare);

        assertThat(directory().find("bare")).contains(bare);
        assertThat(rawColumn("bare", "client_secret")).isNull();
    }

    @Test
    void save_replacesTheConfig_andThisInstanceSeesTheChangeAtOnce() {
        providers.save(minimal("acme").clientId("old-client").build());
        assertThat(providers.find("acme").orElseThrow().clientId()).isEqualTo("old-client");

        boolean created = providers.save(minimal("acme").clientId("new-client").build());

        assertThat(created).isFalse();
        assertThat(providers.find("acme").orElseThrow().clientId()).isEqualTo("new-client");
    }

    @Test
    void find_servesItsCachedConfigForOneTimeToLive_whenAnotherInstanceChangesIt() {
        providers.save(minimal("acme").clientId("old-client").build());
        assertThat(providers.find("acme").orElseThrow().clientId()).isEqualTo("old-client");

        directory().save(minimal("acme").clientId("new-client").build());

        assertThat(providers.find("acme").orElseThrow().clientId()).isEqualTo("old-client");
        clock.advance(PostgresProviderDirectory.DEFAULT_CACHE_TTL.plusMillis(1));
        assertThat(providers.find("acme").orElseThrow().clientId()).isEqualTo("new-client");
    }

    @Test
    void list_returnsEveryConfigByKey() {
        for (String key : List.of("zeta", "alpha", "mid")) {
            providers.save(minimal(key).build());
        }

        assertThat(providers.list()).extracting(ProviderConfig::key).containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void delete_removesTheConfig_andSaysWhetherThereWasOne() {
        providers.save(full("acme"));
        providers.save(minimal("other").build());
        assertThat(providers.find("acme")).isPresent();

        assertThat(providers.delete("acme")).isInstanceOfSatisfying(ProviderDeletion.Deleted.class,
                deleted -> assertThat(deleted.config().path("key").asText()).isEqualTo("acme"));
        assertThat(providers.delete("acme")).isEqualTo(new ProviderDeletion.NotFound());
        assertThat(providers.find("acme")).isEmpty();
        assertThat(providers.list()).extracting(ProviderConfig::key).containsExactly("other");
    }

    @Test
    void table_holdsNoClientSecretInPlainText() {
        providers.save(full("acme"));
        providers.save(full("globex"));

        String dump = database.withConnection(db -> {
            StringBuilder rows = new StringBuilder();
            try (Statement select = db.createStatement();
                    ResultSet row = select.executeQuery("select t::text from providers t")) {
                while (row.next()) {
                    rows.append(row.getString(1)).append('\n');
                }
            }
            return rows.toString();
        });

        assertThat(dump).contains("acme", "globex", "client-acme", "client_secret_set")
                .doesNotContain(CLIENT_SECRET)
                .doesNotContain(HexFormat.of().formatHex(CLIENT_SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void find_reportsAndDoesNotServe_whenAClientSecretWasSwappedInFromAnotherProvider() {
        providers.save(full("victim"));
        providers.save(fullBuilder("thief").clientSecret(Secret.of("thief-secret")).build());
        execute("update providers set client_secret = (select client_secret from providers where key = 'victim')"
                + " where key = 'thief'");

        assertThatThrownBy(() -> directory().find("thief"))
                .isInstanceOfSatisfying(CorruptProviderException.class,
                        e -> assertThat(e.providerKey()).isEqualTo("thief"))
                .hasMessageStartingWith("provider thief: the stored client secret does not decrypt")
                .hasMessageNotContaining(CLIENT_SECRET);
        assertThatThrownBy(() -> directory().list()).isInstanceOf(CorruptProviderException.class);
        assertThat(directory().find("victim").orElseThrow().clientSecret().reveal()).isEqualTo(CLIENT_SECRET);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            config of another key  | update providers set config = jsonb_set(config, '{key}', '"other"')        | names another provider
            secret missing         | update providers set client_secret = null                                  | is set, but none is stored
            secret unannounced     | update providers set config = jsonb_set(config, '{client_secret_set}', 'false') | is not set, but one is stored
            invalid config         | update providers set config = config - 'token_url'                         | not valid (token_url: is required)
            not an object          | update providers set config = '["acme"]'                                   | not a JSON object
            """)
    void find_reportsAStoredConfigThatContradictsItself(String what, String corruption, String problem) {
        providers.save(full("acme"));
        execute(corruption);

        assertThatThrownBy(() -> directory().find("acme"))
                .isInstanceOfSatisfying(CorruptProviderException.class,
                        e -> assertThat(e.providerKey()).isEqualTo("acme"))
                .hasMessageContaining(problem)
                .hasMessageNotContaining(CLIENT_SECRET);
    }

    @Test
    void save_refusesAConfigItsJsonFormCannotHold_andStoresNothing() {
        ProviderConfig customLimits = minimal("acme").errorExpression(ErrorExpression.compile("null",
                new ExpressionLimits(10, 10, Duration.ofMillis(50)))).build();
        ProviderConfig subSecondGrace = minimal("acme").rotation(new RotationSettings(true, Duration.ofMillis(1500)))
                .build();

        assertThatThrownBy(() -> providers.save(customLimits)).hasMessageContaining("cannot be stored as it is");
        assertThatThrownBy(() -> providers.save(subSecondGrace)).hasMessageContaining("cannot be stored as it is");
        assertThat(providers.list()).isEmpty();
    }

    private PostgresProviderDirectory directory() {
        return new PostgresProviderDirectory(database, cipher, PostgresProviderDirectory.DEFAULT_CACHE_TTL, clock);
    }

    private static ProviderConfig.Builder minimal(String key) {
        return ProviderConfig.builder(key).tokenUrl(URI.create("https://" + key + ".example/oauth/token"))
                .clientId("client-" + key);
    }

    private static ProviderConfig full(String key) {
        return fullBuilder(key).build();
    }

    private static ProviderConfig.Builder fullBuilder(String key) {
        return minimal(key)
                .authorizationUrl(URI.create("https://" + key + ".example/oauth/authorize"))
                .refreshUrl(URI.create("https://" + key + ".example/oauth/refresh"))
                .revocationUrl(URI.create("https://" + key + ".example/oauth/revoke"))
                .apiBaseUrl(URI.create("https://api." + key + ".example"))
                .clientSecret(Secret.of(CLIENT_SECRET))
                .clientAuth(ClientAuth.CLIENT_SECRET_POST)
                .scopes(List.of("read", "write"))
                .pkce(false)
                .tokenResponse(new TokenResponseSettings(ExpiresInUnit.MILLISECONDS, Duration.ofHours(1)))
                .rotation(new RotationSettings(true, Duration.ofSeconds(30)))
                .authFailureStatuses(Set.of(401, 403))
                .errorExpression(ErrorExpression.compile("body.ok = false ? {'class': 'needs_reauth'} : null"))
                .whoami(new WhoamiCheck("GET", "/me"))
                .refreshParams(Map.of("audience", "api"));
    }

    private void execute(String sql) {
        database.withConnection(db -> {
            try (Statement statement = db.createStatement()) {
                return statement.executeUpdate(sql);
            }
        });
    }

    private String rawColumn(String key, String column) {
        return database.withConnection(db -> {
            try (Statement select = db.createStatement();
                    ResultSet row = select.executeQuery("select " + column + "::text from providers where key = '"
                            + key + "'")) {
                row.next();
                return row.getString(1);
            }
        });
    }
}
