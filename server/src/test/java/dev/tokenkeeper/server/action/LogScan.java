package dev.tokenkeeper.server.action;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Looks for an action body's marker in the service's logs: this JVM's events and the instance JVMs' output files. */
final class LogScan {
    private LogScan() {}

    /** The log lines (at most ten, shortened) that contain {@code marker}. */
    static List<String> leaks(String marker, List<ILoggingEvent> events, List<Path> outputs) {
        List<String> leaks = new ArrayList<>();
        for (ILoggingEvent event : events) {
            String text = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            if (text.contains(marker)) {
                leaks.add(text);
            }
        }
        for (Path output : outputs) {
            try {
                Files.readAllLines(output).stream().filter(line -> line.contains(marker)).forEach(leaks::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return leaks.stream().limit(10).map(line -> line.length() > 300 ? line.substring(0, 300) + "…" : line)
                .toList();
    }
}
