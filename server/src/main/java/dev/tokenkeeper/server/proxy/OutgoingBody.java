package dev.tokenkeeper.server.proxy;

import dev.tokenkeeper.server.http.Json;
import io.helidon.webserver.http.ServerRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.Objects;

/**
 * The body of a proxied request: kept in memory when it is small enough to be sent twice (for a replay), else
 * streamed from the caller to the provider once.
 */
sealed interface OutgoingBody {

    /** What to send: each call starts the body anew when it is buffered. */
    BodyPublisher publisher();

    /** Whether the body can be sent again. */
    boolean replayable();

    /** A body held in memory (possibly empty). */
    record Buffered(byte[] bytes) implements OutgoingBody {
        public Buffered {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public BodyPublisher publisher() {
            return bytes.length == 0 ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(bytes);
        }

        @Override
        public boolean replayable() {
            return true;
        }
    }

    /** A body read from the caller while it is sent; {@code length} is -1 when the caller did not declare it. */
    record Streamed(CappedStream stream, long length) implements OutgoingBody {
        public Streamed {
            Objects.requireNonNull(stream, "stream");
        }

        @Override
        public BodyPublisher publisher() {
            BodyPublisher once = BodyPublishers.ofInputStream(() -> stream);
            return length >= 0 ? BodyPublishers.fromPublisher(once, length) : once;
        }

        @Override
        public boolean replayable() {
            return false;
        }
    }

    /**
     * Reads the request body: buffered up to {@code replayLimit} bytes, else streamed; a body declared or found larger
     * than {@code maxBytes} is refused with 413.
     */
    static OutgoingBody read(ServerRequest request, int replayLimit, long maxBytes) {
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            throw Json.tooLarge(maxBytes);
        }
        if (!request.content().hasEntity()) {
            return new Buffered(new byte[0]);
        }
        InputStream in = request.content().inputStream();
        byte[] head;
        try {
            head = in.readNBytes(replayLimit + 1);
        } catch (IOException | RuntimeException e) {
            throw Json.unreadableBody();
        }
        if (head.length <= replayLimit) {
            return new Buffered(head);
        }
        InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), in);
        return new Streamed(new CappedStream(whole, maxBytes), declared);
    }
}
