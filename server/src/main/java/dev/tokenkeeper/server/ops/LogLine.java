package dev.tokenkeeper.server.ops;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One structured log line: its fields as {@code key=value} pairs in the message (what the human format shows) and the
 * same fields as key-value pairs of the event (what the JSON format writes as fields of their own).
 */
final class LogLine {
    private final List<String> keys = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    static LogLine with(String key, Object value) {
        return new LogLine().and(key, value);
    }

    LogLine and(String key, Object value) {
        keys.add(key);
        values.add(value);
        return this;
    }

    void info(Logger log) {
        if (log.isInfoEnabled()) {
            write(log.atInfo());
        }
    }

    void warn(Logger log) {
        if (log.isWarnEnabled()) {
            write(log.atWarn());
        }
    }

    private void write(LoggingEventBuilder event) {
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            event = event.addKeyValue(keys.get(i), values.get(i));
            message.append(i == 0 ? "" : " ").append(keys.get(i)).append('=').append(values.get(i));
        }
        event.log(message.toString());
    }
}
