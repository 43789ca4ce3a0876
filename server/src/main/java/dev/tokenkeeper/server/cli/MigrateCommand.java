package dev.tokenkeeper.server.cli;

import dev.tokenkeeper.postgres.setup.StorageSettings;
import dev.tokenkeeper.postgres.setup.TokenkeeperStorage;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code migrate}: brings the database's schema up to date and exits. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Apply the database migrations (serve does this too) and exit.")
final class MigrateCommand implements Runnable, EnvironmentAware {
    private Map<String, String> environment = System.getenv();

    @Override
    public void environment(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public void run() {
        try (TokenkeeperStorage storage = TokenkeeperStorage.open(StorageSettings.fromEnvironment(environment))) {
            System.out.println("migrated: " + storage.description());
        }
    }
}
