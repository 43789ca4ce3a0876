package dev.tokenkeeper.server.cli;

import dev.tokenkeeper.postgres.crypto.KeysetIds;
import dev.tokenkeeper.postgres.rekey.Reencryption;
import dev.tokenkeeper.postgres.rekey.ReencryptionReport;
import dev.tokenkeeper.postgres.setup.EncryptedSchema;
import dev.tokenkeeper.postgres.setup.StorageSettings;
import dev.tokenkeeper.postgres.setup.TokenkeeperStorage;
import dev.tokenkeeper.server.logging.ServiceLogging;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code keys rotate}: adds a new primary key to the keyset and re-encrypts every stored secret under it. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage the encryption keyset.",
        subcommands = KeysCommand.Rotate.class)
final class KeysCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Rotate the keyset's primary key, then re-encrypt every stored secret in place.")
    static final class Rotate implements Runnable, EnvironmentAware {
        private Map<String, String> environment = System.getenv();

        @Override
        public void environment(Map<String, String> environment) {
            this.environment = environment;
        }

        @Override
        public void run() {
            // The re-encryption's progress lines (two per column) are for the service's log; here the command's own
            // line says what was done. Rows that do not decrypt are still logged, as warnings.
            ServiceLogging.onlyWarnings(Reencryption.class.getPackageName());
            try (TokenkeeperStorage storage = TokenkeeperStorage.open(
                    StorageSettings.fromEnvironment(environment))) {
                if (!storage.cipher().canRotate()) {
                    throw new CliException("this keyset cannot be rotated here (it was given inline in "
                            + StorageSettings.KEYSET + "); rotate it where it is kept and restart with the new one");
                }
                KeysetIds ids = storage.cipher().rotate();
                ReencryptionReport report = new Reencryption(storage.database(), storage.cipher(),
                        EncryptedSchema.COLUMNS).run();
                System.out.println("new primary key " + ids.primary() + "; re-encrypted " + report.reencrypted()
                        + " values, " + report.remaining() + " remaining, " + report.undecryptable()
                        + " undecryptable");
                if (!report.isComplete()) {
                    throw new CliException("re-encryption stopped with " + report.remaining() + " values left under old keys; see the log");
                }
            }
        }
    }
}
