package dev.tokenkeeper.core.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/catalog.md lists exactly the built-in providers, in the catalog's order, and the README counts them. */
class CatalogPageTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9_-]+)` \\| \\[");

    @Test
    void catalogPage_listsEveryBuiltInProvider_inOrder_andTheReadmeCountsThem() throws IOException {
        List<String> keys = ProviderCatalog.builtIn().entries().stream().map(CatalogEntry::key).toList();
        Path root = RepositoryRoot.path();

        List<String> listed = Files.readAllLines(root.resolve("docs/catalog.md")).stream().map(ROW::matcher)
                .filter(Matcher::find).map(row -> row.group(1)).toList();

        assertThat(listed).containsExactlyElementsOf(keys);
        assertThat(Files.readString(root.resolve("docs/catalog.md")))
                .contains("Tokenkeeper ships " + keys.size() + " built-in providers");
        assertThat(Files.readString(root.resolve("README.md"))).contains("catalog of " + keys.size() + " providers");
    }

}
