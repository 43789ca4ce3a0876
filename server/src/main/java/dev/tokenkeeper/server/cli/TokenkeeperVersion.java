package dev.tokenkeeper.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The version of this build, from the Maven project version (a resource filtered at build time). */
final class TokenkeeperVersion implements CommandLine.IVersionProvider {
    private static final String RESOURCE = "version.properties";

    /** E.g. {@code 0.1.0-SNAPSHOT}. */
    static String current() {
        try (InputStream in = TokenkeeperVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the version", e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"tokenkeeper " + current()};
    }
}
