package dev.tokenkeeper.server.diagnosis;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback listener that answers every connection with a plain-HTTP 400 and closes it: an {@code https://} URL
 * pointed at it fails its TLS handshake at once (the answer is no TLS record).
 */
final class PlainHttpListener implements AutoCloseable {
    private static final byte[] ANSWER = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 36\r\nConnection: close\r\n\r\nThis port speaks plain HTTP, no TLS.")
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket socket;

    PlainHttpListener() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("plain-http-listener").start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept(); OutputStream out = connection.getOutputStream()) {
                out.write(ANSWER);
                out.flush();
            } catch (IOException closedOrReset) {
                // closed by close(), or the client hung up first: either way, the next connection (if any)
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
