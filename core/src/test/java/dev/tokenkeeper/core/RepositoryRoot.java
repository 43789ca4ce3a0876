package dev.tokenkeeper.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root, found above the test's working directory, for tests that read its documentation. */
public final class RepositoryRoot {
    private RepositoryRoot() {}

    /** The nearest directory above the working directory that holds {@code docs/}. */
    public static Path path() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.isDirectory(here.resolve("docs"))) {
            here = here.getParent();
        }
        assertThat(here).as("the repository root above the working directory").isNotNull();
        return here;
    }
}
