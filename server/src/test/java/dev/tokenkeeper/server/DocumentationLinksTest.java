package dev.tokenkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README and {@code docs/} point only at files of the repository: every relative link (and its {@code #anchor},
 * for a Markdown file) resolves, and no link or quoted path leads out of the repository (as {@code ../shared/API.md}
 * once did).
 */
class DocumentationLinksTest {
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\s]+)`");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    @TempDir
    Path temp;

    @Test
    void readmeAndDocs_linkOnlyToFilesAndHeadingsOfTheRepository() throws IOException {
        Path root = repositoryRoot();
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
        }

        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            broken.addAll(brokenLinks(root, page));
        }

        assertThat(pages).extracting(page -> root.relativize(page).toString())
                .contains("README.md", "docs/design.md", "docs/configuration.md", "docs/operations.md", "docs/api.md");
        assertThat(broken).isEmpty();
    }

    @Test
    void brokenLinks_findsMissingFiles_missingAnchors_andPathsOutOfTheRepository() throws IOException {
        Path root = Files.createDirectories(temp.resolve("repo"));
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/guide.md"), "# Guide\n\n## Rotating the key\n");
        Files.writeString(root.resolve("README.md"), """
                [fine](docs/guide.md) [anchor](docs/guide.md#rotating-the-key) [web](https://example.com/x.md)
                [missing](docs/nothing.md) [bad anchor](docs/guide.md#no-such-heading) [outside](../shared/API.md)
                The contract is `../shared/DESIGN.md`.
                ```
                [in a code block](not/checked.md)
                ```
                """);

        assertThat(brokenLinks(root, root.resolve("README.md"))).containsExactly(
                "README.md: docs/nothing.md (no such file)",
                "README.md: docs/guide.md#no-such-heading (no such heading)",
                "README.md: ../shared/API.md (outside the repository)",
                "README.md: ../shared/DESIGN.md (outside the repository)");
    }

    private static List<String> brokenLinks(Path root, Path page) throws IOException {
        List<String> broken = new ArrayList<>();
        String name = root.relativize(page).toString();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher link = LINK.matcher(line);
            while (link.find()) {
                check(root, page, link.group(1)).ifPresent(problem -> broken.add(name + ": " + problem));
            }
            Matcher code = CODE_SPAN.matcher(line);
            while (code.find()) {
                String quoted = code.group(1);
                if (quoted.startsWith("../") && outside(root, page, quoted)) {
                    broken.add(name + ": " + quoted + " (outside the repository)");
                }
            }
        }
        return broken;
    }

    private static Optional<String> check(Path root, Path page, String target) throws IOException {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("#")) {
            return Optional.empty(); // a URL (https:, mailto:) or an anchor of this page
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        if (outside(root, page, file)) {
            return Optional.of(target + " (outside the repository)");
        }
        Path resolved = page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return Optional.of(target + " (no such file)");
        }
        if (hash >= 0 && file.endsWith(".md") && !anchors(resolved).contains(target.substring(hash + 1))) {
            return Optional.of(target + " (no such heading)");
        }
        return Optional.empty();
    }

    private static boolean outside(Path root, Path page, String relative) {
        return !page.getParent().resolve(relative).normalize().startsWith(root.normalize());
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static List<String> anchors(Path markdown) throws IOException {
        List<String> anchors = new ArrayList<>();
        for (String line : Files.readAllLines(markdown)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                anchors.add(heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-'));
            }
        }
        return anchors;
    }

    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate = here; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate.resolve("README.md")) && Files.isDirectory(candidate.resolve("docs"))
                    && Files.exists(candidate.resolve("server/pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root above " + here);
    }
}
