package dev.tokenkeeper.server.cli;

import dev.tokenkeeper.postgres.setup.InvalidSettingException;
import dev.tokenkeeper.server.logging.LogFormat;
import dev.tokenkeeper.server.logging.ServiceLogging;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tokenkeeper} command line: the service, the demo and the operator's commands. */
@Command(name = "tokenkeeper", mixinStandardHelpOptions = true, versionProvider = TokenkeeperVersion.class,
        description = "Keeps third-party OAuth 2.0 connections alive.",
        subcommands = {ServeCommand.class, DemoCommand.class, MigrateCommand.class, KeysCommand.class,
                ConnectionsCommand.class, VersionCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(System.getenv(), args));
    }

    /** Runs the command line with {@code environment} standing for the process's, and returns its exit code. */
    public static int run(Map<String, String> environment, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        try {
            // Helidon's java.util.logging is bridged too: one format for every line of the service.
            ServiceLogging.use(LogFormat.fromEnvironment(environment));
        } catch (InvalidSettingException e) {
            commandLine.getErr().println("tokenkeeper: " + e.getMessage());
            return 2;
        }
        commandLine.setExecutionExceptionHandler(new FriendlyErrors());
        giveEnvironment(commandLine, environment);
        return commandLine.execute(args);
    }

    private static void giveEnvironment(CommandLine commandLine, Map<String, String> environment) {
        if (commandLine.getCommand() instanceof EnvironmentAware aware) {
            aware.environment(environment);
        }
        commandLine.getSubcommands().values().forEach(sub -> giveEnvironment(sub, environment));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
