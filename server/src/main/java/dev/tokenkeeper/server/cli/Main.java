package dev.tokenkeeper.server.cli;

import java.util.Map;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tokenkeeper} command line: the service, the demo and the operator's commands. */
@Command(name = "tokenkeeper", mixinStandardHelpOptions = true, version = "tokenkeeper 0.1.0",
        description = "Keeps third-party OAuth 2.0 connections alive.",
        subcommands = {ServeCommand.class, DemoCommand.class, MigrateCommand.class, KeysCommand.class, ConnectionsCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // Helidon logs through java.util.logging; one format for every line of the service.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(run(System.getenv(), args));
    }

    /** Runs the command line with {@code environment} standing for the process's, and returns its exit code. */
    public static int run(Map<String, String> environment, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
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
