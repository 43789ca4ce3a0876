package dev.tokenkeeper.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up the service's logging at start: java.util.logging (Helidon's) bridged to SLF4J, and the console appender of
 * {@code logback.xml} writing in the chosen {@link LogFormat}. When Logback is not the backend, or another
 * configuration replaced ours, the format is left as that configuration says.
 */
public final class ServiceLogging {
    private static final String CONSOLE = "CONSOLE";
    private static Encoder<ILoggingEvent> humanEncoder;

    private ServiceLogging() {}

    /** Bridges java.util.logging (once) and switches the console to {@code format}. */
    public static synchronized void use(LogFormat format) {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(CONSOLE);
        if (!(appender instanceof OutputStreamAppender<ILoggingEvent> console)) {
            return;
        }
        if (humanEncoder == null) {
            humanEncoder = console.getEncoder();
        }
        Encoder<ILoggingEvent> wanted = format == LogFormat.JSON ? jsonEncoder(context) : humanEncoder;
        if (format == LogFormat.HUMAN && console.getEncoder() == humanEncoder) {
            return;
        }
        console.stop();
        console.setEncoder(wanted);
        console.start();
    }

    /** Lets only warnings and errors of these loggers through (the demo quiets its own import lines). */
    public static void onlyWarnings(String... loggerNames) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (String name : loggerNames) {
                context.getLogger(name).setLevel(Level.WARN);
            }
        }
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }
}
