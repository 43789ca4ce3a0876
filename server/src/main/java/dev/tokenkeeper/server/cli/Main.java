package dev.tokenkeeper.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tokenkeeper} command line: the service, the demo and the operator's commands. */
@Command(name = "tokenkeeper", mixinStandardHelpOptions = true, version = "tokenkeeper 0.1.0",
        description = "Keeps third-party OAuth 2.0 connections alive.",
        subcommands = {ServeCommand.class, DemoCommand.class, MigrateCommand.class, KeysCommand.class, ConnectionsCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(new FriendlyErrors());
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
