package dev.tokenkeeper.testkit.logs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures standard error, where the logs are written in tests (slf4j-simple in the libraries', Logback's console in
 * the server's), until closed.
 */
public final class StandardErrorCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    public StandardErrorCapture() {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    public String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
