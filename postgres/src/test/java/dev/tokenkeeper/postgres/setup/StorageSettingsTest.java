package dev.tokenkeeper.postgres.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.DatabaseLocation;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorageSettingsTest {
    private static final String PASSWORD = "hunter2-secret";

    @Test
    void fromEnvironment_choosesTheEmbeddedDefaults_whenNothingIsSet() {
        StorageSettings settings = StorageSettings.fromEnvironment(Map.of("TOKENKEEPER_DATABASE_URL", "  "));

        assertThat(settings.embedded()).isTrue();
        assertThat(settings.dataDirectory()).isEqualTo(Path.of("data"));
        assertThat(settings.keyset()).isNull();
        assertThat(settings.poolSize()).isEqualTo(16);
        assertThat(settings.embeddedPort()).isZero();
    }

    @Test
    void fromEnvironment_readsEverySetting_whenAllAreSet() {
        StorageSettings settings = StorageSettings.fromEnvironment(Map.of(
                "TOKENKEEPER_DATABASE_URL", "jdbc:postgresql://db.internal:5432/tk",
                "TOKENKEEPER_DATA_DIR", "/var/lib/tokenkeeper",
                "TOKENKEEPER_KEYSET", "/run/secrets/keyset.json",
                "TOKENKEEPER_DATABASE_POOL_SIZE", " 40 ",
                "TOKENKEEPER_EMBEDDED_PG_PORT", "54329"));

        assertThat(settings.embedded()).isFalse();
        assertThat(settings.externalDatabase()).isEqualTo(DatabaseLocation.of("jdbc:postgresql://db.internal:5432/tk"));
        assertThat(settings.dataDirectory()).isEqualTo(Path.of("/var/lib/tokenkeeper"));
        assertThat(settings.keyset()).isEqualTo(Secret.of("/run/secrets/keyset.json"));
        assertThat(settings.poolSize()).isEqualTo(40);
        assertThat(settings.embeddedPort()).isEqualTo(54329);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:postgresql://db.internal:5432/tk?user=tk&password=hunter2-secret&sslmode=require | jdbc:postgresql://db.internal:5432/tk?sslmode=require | tk | hunter2-secret
            jdbc:postgresql://db.internal/tk?password=hunter2%2Bsecret+x                          | jdbc:postgresql://db.internal/tk                  |    | hunter2+secret x
            postgres://tk:hunter2-secret@db.internal:6543/tk?sslmode=require                     | jdbc:postgresql://db.internal:6543/tk?sslmode=require | tk | hunter2-secret
            postgresql://tk:p%40ss%3Aw+rd@db.internal/tk                                          | jdbc:postgresql://db.internal/tk                  | tk | p@ss:w+rd
            POSTGRES://tk:pa?ss@w@db.internal/tk                                                  | jdbc:postgresql://db.internal/tk                  | tk | pa?ss@w
            postgres://tk@h1:5432,h2:5433/tk?password=hunter2-secret&application_name=tokenkeeper | jdbc:postgresql://h1:5432,h2:5433/tk?application_name=tokenkeeper | tk | hunter2-secret
            postgres://db.internal                                                                | jdbc:postgresql://db.internal/                    |    |
            """)
    void fromEnvironment_takesTheCredentialsOutOfTheDatabaseUrl(String url, String jdbcUrl, String user,
            String password) {
        DatabaseLocation location = StorageSettings.fromEnvironment(Map.of("TOKENKEEPER_DATABASE_URL", url,
                "TOKENKEEPER_KEYSET", "/run/secrets/keyset.json")).externalDatabase();

        assertThat(location.jdbcUrl()).isEqualTo(jdbcUrl);
        assertThat(location.user()).isEqualTo(user);
        assertThat(location.password()).isEqualTo(Secret.ofNullable(password));
    }

    @Test
    void databaseLocation_showsHostAndDatabaseOnly_neverTheCredentials() {
        DatabaseLocation location = StorageSettings.fromEnvironment(Map.of(
                "TOKENKEEPER_DATABASE_URL", "postgres://tk:" + PASSWORD + "@db.internal:6543/tk?sslmode=require",
                "TOKENKEEPER_KEYSET", "/run/secrets/keyset.json")).externalDatabase();

        assertThat(location.hostAndDatabase()).isEqualTo("db.internal:6543/tk");
        assertThat(location.toString()).contains("db.internal:6543/tk").doesNotContain(PASSWORD);
        assertThat(location.properties()).containsEntry("user", "tk").containsEntry("password", PASSWORD);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            TOKENKEEPER_DATABASE_URL       | mysql://tk:hunter2-secret@db.internal/tk            | TOKENKEEPER_DATABASE_URL       | must be a jdbc:postgresql://
            TOKENKEEPER_DATABASE_URL       | jdbc:postgresql://tk:hunter2-secret@db.internal/tk  | TOKENKEEPER_DATABASE_URL       | cannot hold user:password@
            TOKENKEEPER_DATABASE_URL       | postgres://tk:hunter2-secret@/tk                    | TOKENKEEPER_DATABASE_URL       | names no host
            TOKENKEEPER_DATABASE_URL       | postgres://tk:hunter2-secret%zz@db.internal/tk      | TOKENKEEPER_DATABASE_URL       | malformed %-escape
            TOKENKEEPER_DATABASE_URL       | jdbc:postgresql://db/tk?password=hunter2-secret%zz  | TOKENKEEPER_DATABASE_URL       | malformed %-escape
            TOKENKEEPER_DATABASE_POOL_SIZE | 0                                                   | TOKENKEEPER_DATABASE_POOL_SIZE | must be from 1 to 200, not 0
            TOKENKEEPER_DATABASE_POOL_SIZE | 201                                                 | TOKENKEEPER_DATABASE_POOL_SIZE | must be from 1 to 200, not 201
            TOKENKEEPER_DATABASE_POOL_SIZE | many                                                | TOKENKEEPER_DATABASE_POOL_SIZE | must be a whole number, not 'many'
            TOKENKEEPER_EMBEDDED_PG_PORT   | -1                                                  | TOKENKEEPER_EMBEDDED_PG_PORT   | must be from 0 to 65535
            TOKENKEEPER_EMBEDDED_PG_PORT   | 70000                                               | TOKENKEEPER_EMBEDDED_PG_PORT   | must be from 0 to 65535
            TOKENKEEPER_DATA_DIR           | bad<NUL>path                                        | TOKENKEEPER_DATA_DIR           | is not a valid path
            TOKENKEEPER_KEYSET             |                                                     | TOKENKEEPER_KEYSET             | must be set when TOKENKEEPER_DATABASE_URL is
            """)
    void fromEnvironment_namesTheVariableAndTheProblem_withoutThePassword(String variable, String value,
            String named, String problem) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "TOKENKEEPER_DATABASE_URL", "postgres://tk:" + PASSWORD + "@db.internal/tk",
                "TOKENKEEPER_KEYSET", "/run/secrets/keyset.json"));
        environment.put(variable, value == null ? "" : value.replace("<NUL>", "\0"));

        assertThatThrownBy(() -> StorageSettings.fromEnvironment(environment))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.variable()).isEqualTo(named))
                .hasMessageStartingWith(named + ": ")
                .hasMessageContaining(problem)
                .hasMessageNotContaining(PASSWORD)
                .hasNoCause();
    }

    @Test
    void toString_redactsAnInlineKeyset() {
        String keysetJson = "{\"primaryKeyId\":1,\"key\":[{\"keyData\":{\"value\":\"c2VjcmV0LWtleQ==\"}}]}";

        StorageSettings settings = StorageSettings.fromEnvironment(Map.of("TOKENKEEPER_KEYSET", keysetJson));

        assertThat(settings.toString()).doesNotContain("c2VjcmV0LWtleQ").contains("[REDACTED]");
    }
}
