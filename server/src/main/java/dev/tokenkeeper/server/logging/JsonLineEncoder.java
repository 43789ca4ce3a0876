package dev.tokenkeeper.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * Writes each event as one JSON object on one line: {@code time} (ISO-8601, UTC, to the millisecond), {@code level}, {@code logger},
 * {@code message}, then the event's key-value pairs as fields of their own (numbers stay numbers), and {@code error}
 * with the stack trace when there is one. The message is the same text the human format shows.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> RESERVED = Set.of("time", "level", "logger", "message", "error");

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", event.getInstant().truncatedTo(ChronoUnit.MILLIS).toString());
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("message", event.getFormattedMessage());
            writePairs(json, event.getKeyValuePairs());
            IThrowableProxy throwable = event.getThrowableProxy();
            if (throwable != null) {
                json.writeStringField("error", ThrowableProxyUtil.asString(throwable));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void writePairs(JsonGenerator json, List<KeyValuePair> pairs) throws IOException {
        if (pairs == null) {
            return;
        }
        for (KeyValuePair pair : pairs) {
            if (pair.key == null || RESERVED.contains(pair.key)) {
                continue;
            }
            json.writeFieldName(pair.key);
            switch (pair.value) {
                case null -> json.writeNull();
                case Integer number -> json.writeNumber(number);
                case Long number -> json.writeNumber(number);
                case Boolean flag -> json.writeBoolean(flag);
                default -> json.writeString(String.valueOf(pair.value));
            }
        }
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
