package dev.tokenkeeper.postgres.instances;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Reads a child's output stream line by line on a daemon thread, so the child never blocks on a full pipe. */
final class LinePump {
    private LinePump() {}

    /**
     * Starts the thread; it hands every line to {@code onLine} and runs {@code onEnd} once the stream ends (the
     * child exited or closed it) or breaks.
     */
    static Thread start(InputStream stream, String name, Consumer<String> onLine, Runnable onEnd) {
        return Thread.ofPlatform().daemon().name(name).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                onLine.accept("(reading the stream failed: " + e + ")");
            } finally {
                onEnd.run();
            }
        });
    }
}
