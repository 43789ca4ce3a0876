package dev.tokenkeeper.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.apikey.ApiKeys;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.setup.InvalidSettingException;
import dev.tokenkeeper.server.ServerSettings;
import dev.tokenkeeper.memory.InMemoryApiKeyStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminKeyTest {
    private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();

    @TempDir
    Path data;

    @Test
    void ensure_generatesAnOwnerOnlyKeyFile_onFirstStart_andKeepsOnlyItsHash() throws IOException {
        AdminKey admin = AdminKey.ensure(ServerSettings.fromEnvironment(Map.of()), data, store, InstantSource.system());

        Path file = data.resolve(AdminKey.FILE_NAME);
        assertThat(admin.file()).isEqualTo(file.toAbsolutePath());
        assertThat(admin.source()).isEqualTo(file.toAbsolutePath().toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Secret key = AdminKey.read(file);
        assertThat(key.reveal()).startsWith(ApiKeys.PREFIX);
        assertThat(store.findByHash(ApiKeys.hash(key))).isPresent();
        assertThat(store.list()).singleElement().satisfies(record -> assertThat(record.label()).isEqualTo("admin"));
    }

    @Test
    void ensure_reusesTheKeyFile_onLaterStarts() {
        AdminKey.ensure(ServerSettings.fromEnvironment(Map.of()), data, store, InstantSource.system());
        Secret first = AdminKey.read(data.resolve(AdminKey.FILE_NAME));

        AdminKey.ensure(ServerSettings.fromEnvironment(Map.of()), data, store, InstantSource.system());

        assertThat(AdminKey.read(data.resolve(AdminKey.FILE_NAME))).isEqualTo(first);
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void ensure_registersTheEnvironmentsKey_andWritesNoFile() {
        ServerSettings settings = ServerSettings.fromEnvironment(
                Map.of("TOKENKEEPER_API_KEY", "tk_from_the_environment_0123456789"));

        AdminKey admin = AdminKey.ensure(settings, data, store, InstantSource.system());

        assertThat(admin.file()).isNull();
        assertThat(admin.source()).isEqualTo("TOKENKEEPER_API_KEY");
        assertThat(data.resolve(AdminKey.FILE_NAME)).doesNotExist();
        assertThat(store.findByHash(ApiKeys.hash(settings.apiKey()))).isPresent();
    }

    @Test
    void ensure_refusesAKeyFileThatHoldsNoValidKey_namingIt() throws IOException {
        Files.writeString(data.resolve(AdminKey.FILE_NAME), "short\n");

        assertThatThrownBy(() -> AdminKey.ensure(ServerSettings.fromEnvironment(Map.of()), data, store,
                InstantSource.system()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(AdminKey.FILE_NAME)
                .hasMessageNotContaining("short\n");
        assertThat(store.list()).isEmpty();
    }
}
