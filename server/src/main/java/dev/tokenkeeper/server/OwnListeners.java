package dev.tokenkeeper.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Where Tokenkeeper itself answers (the bind address with the real port, and the public URL's host and port), so that
 * no provider URL can point back at it.
 */
final class OwnListeners implements Supplier<List<InetSocketAddress>> {
    private final ServerSettings settings;
    private final AtomicReference<List<InetSocketAddress>> addresses = new AtomicReference<>();

    OwnListeners(ServerSettings settings) {
        this.settings = settings;
        addresses.set(resolve(settings.port()));
    }

    /** Records the port the server really listens on (it differs when the setting was 0). */
    void listening(int port) {
        addresses.set(resolve(port));
    }

    @Override
    public List<InetSocketAddress> get() {
        return addresses.get();
    }

    private List<InetSocketAddress> resolve(int port) {
        List<InetSocketAddress> own = new ArrayList<>();
        addAll(own, settings.bind(), port);
        URI publicUrl = settings.publicUrl();
        int publicPort = publicUrl.getPort() != -1 ? publicUrl.getPort()
                : "https".equalsIgnoreCase(publicUrl.getScheme()) ? 443 : 80;
        String host = publicUrl.getHost();
        addAll(own, host.startsWith("[") ? host.substring(1, host.length() - 1) : host, publicPort);
        return List.copyOf(own);
    }

    private static void addAll(List<InetSocketAddress> own, String host, int port) {
        if (port == 0) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                own.add(new InetSocketAddress(address, port));
            }
        } catch (UnknownHostException e) {
            // A public host name that does not resolve here cannot be reached from here either.
        }
    }
}
