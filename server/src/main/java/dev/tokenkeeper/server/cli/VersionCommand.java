package dev.tokenkeeper.server.cli;

import picocli.CommandLine.Command;

/** {@code version}: prints the version, as {@code --version} does. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version and exit.")
final class VersionCommand implements Runnable {
    @Override
    public void run() {
        System.out.println(new TokenkeeperVersion().getVersion()[0]);
    }
}
