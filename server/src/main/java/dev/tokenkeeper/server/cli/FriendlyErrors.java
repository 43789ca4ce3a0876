package dev.tokenkeeper.server.cli;

import dev.tokenkeeper.postgres.crypto.KeysetException;
import dev.tokenkeeper.postgres.setup.InvalidSettingException;
import picocli.CommandLine;

/**
 * Prints an operator's mistake (a bad setting, an unusable keyset, a service that does not answer) as one line and
 * exits 2; anything else is a bug and keeps its stack trace.
 */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception failure, CommandLine commandLine,
            CommandLine.ParseResult parseResult) {
        if (failure instanceof InvalidSettingException || failure instanceof KeysetException
                || failure instanceof CliException) {
            commandLine.getErr().println("tokenkeeper: " + failure.getMessage());
            return 2;
        }
        throw new IllegalStateException(failure);
    }
}
