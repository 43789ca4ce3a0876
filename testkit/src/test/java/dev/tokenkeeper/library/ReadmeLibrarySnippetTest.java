package dev.tokenkeeper.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library snippet, as a reader copies it: compiled with javac against the library's modules and their
 * dependencies alone (no test framework, no testkit, no fakes on the classpath) and run in its own JVM against the
 * fake provider, configured through the environment variables it reads.
 */
class ReadmeLibrarySnippetTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern SNIPPET = Pattern.compile(
            "<!-- snippet: library[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");
    /** What a library user's classpath does not hold: test frameworks and this project's test code. */
    private static final List<String> TEST_ONLY = List.of("junit", "assertj", "awaitility", "opentest4j",
            "apiguardian", "testkit", "fakes", "slf4j-simple", "byte-buddy", "hamcrest", "test-classes");

    @TempDir
    Path work;

    @Test
    void theReadmeLibrarySnippet_compilesAgainstTheLibraryAlone_andServesTheImportedToken() throws Exception {
        String source = snippet();
        Matcher className = CLASS_NAME.matcher(source);
        assertThat(className.find()).as("the snippet declares a public class").isTrue();
        Path file = work.resolve(className.group(1) + ".java");
        Files.writeString(file, source);
        String classpath = libraryClasspath();

        compile(file, classpath);

        try (FakeProvider provider = FakeProvider.start()) {
            IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
            Run run = runJava(className.group(1), work + File.pathSeparator + classpath, Map.of(
                    "ACME_TOKEN_URL", provider.tokenUrl().toString(),
                    "ACME_CLIENT_ID", FakeProvider.DEFAULT_CLIENT_ID,
                    "ACME_CLIENT_SECRET", FakeProvider.DEFAULT_CLIENT_SECRET,
                    "ACME_ACCESS_TOKEN", grant.accessToken(),
                    "ACME_REFRESH_TOKEN", grant.refreshToken()));

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("call Acme with the token; it expires at ")
                    .doesNotContain(grant.accessToken()).doesNotContain(grant.refreshToken());
            assertThat(provider.refreshCount(grant.grantId())).as("a fresh token needs no refresh").isZero();
        }
    }

    @Test
    void theLibraryClasspath_holdsTheEngineAndTheMemoryModule_andNoTestCode() {
        List<String> entries = Arrays.asList(libraryClasspath().split(File.pathSeparator));

        assertThat(entries).anyMatch(entry -> name(entry).contains("core"))
                .anyMatch(entry -> name(entry).contains("memory"))
                .noneMatch(entry -> TEST_ONLY.stream().anyMatch(name(entry)::contains));
    }

    private static String snippet() throws IOException {
        Matcher found = SNIPPET.matcher(Files.readString(README));
        assertThat(found.find()).as("README.md has the library snippet").isTrue();
        return found.group(1);
    }

    /** This JVM's classpath without the test-only entries: the library's modules and their dependencies. */
    private static String libraryClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> TEST_ONLY.stream().noneMatch(name(entry)::contains))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * What names a classpath entry, whatever directory the checkout is in: a jar's file name, or for a module's
     * {@code target/classes} the module's directory and the rest.
     */
    private static String name(String entry) {
        Path path = Path.of(entry).normalize();
        int count = path.getNameCount();
        return count >= 3 && path.getName(count - 2).toString().equals("target")
                ? path.subpath(count - 3, count).toString() : path.getFileName().toString();
    }

    private static void compile(Path file, String classpath) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        Boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("--release", "21", "-Xlint:all", "-Werror", "-cp", classpath, "-d", file.getParent().toString()),
                null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file))
                .call();
        assertThat(compiled).as(diagnostics.toString()).isTrue();
    }

    private record Run(int exitCode, String output) {}

    private static Run runJava(String mainClass, String classpath, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", classpath, mainClass)
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output;
        try {
            output = process.getInputStream().readAllBytes();
        } finally {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
