package dev.tokenkeeper.server;

import dev.tokenkeeper.postgres.setup.InvalidSettingException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Checks that the HTTP listener can bind before anything else starts, so that a taken port stops {@code serve} with
 * one line naming {@code TOKENKEEPER_PORT} instead of a stack trace after the database and the scheduler started.
 */
final class ListenAddress {
    private ListenAddress() {}

    /** Binds {@code bind:port} once and lets it go again; port 0 (any free port) always passes. */
    static void ensureAvailable(ServerSettings settings) {
        InetAddress address;
        try {
            address = InetAddress.getByName(settings.bind());
        } catch (UnknownHostException e) {
            throw new InvalidSettingException(ServerSettings.BIND, "'" + settings.bind() + "' is not an address of"
                    + " this machine");
        }
        if (settings.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as the listener does: a port left in TIME_WAIT is free
            probe.bind(new InetSocketAddress(address, settings.port()));
        } catch (IOException e) {
            throw unavailable(settings, e.getMessage());
        }
    }

    /** The one-line refusal of a listener that could not bind (also when the listener itself found it taken). */
    static InvalidSettingException unavailable(ServerSettings settings, String reason) {
        if (reason != null && reason.toLowerCase(Locale.ROOT).contains("assign")) {
            return new InvalidSettingException(ServerSettings.BIND, "cannot listen on " + settings.bind()
                    + " (not an address of this machine); set " + ServerSettings.BIND + " to one, such as 127.0.0.1");
        }
        return new InvalidSettingException(ServerSettings.PORT, "port " + settings.port() + " on " + settings.bind()
                + " is already in use; stop what listens there, or choose a free port with " + ServerSettings.PORT
                + " (or --port)");
    }
}
