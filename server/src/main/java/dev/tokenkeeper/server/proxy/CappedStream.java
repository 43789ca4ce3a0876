package dev.tokenkeeper.server.proxy;

import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.Json;
import io.helidon.http.RequestException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The caller's request body as the provider call reads it: cut off past a size, and remembering why it failed, so
 * that a broken or oversized upload is answered as the caller's problem and not as an unreachable provider.
 */
final class CappedStream extends FilterInputStream {
    private final long maxBytes;
    private long read;
    private volatile ApiProblem failure;

    CappedStream(InputStream in, long maxBytes) {
        super(in);
        this.maxBytes = maxBytes;
    }

    /** Why reading the caller's body failed, or null. */
    ApiProblem failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            boolean tooLarge = e instanceof RequestException refused && refused.status().code() == 413;
            failure = tooLarge ? Json.tooLarge(maxBytes) : Json.unreadableBody();
            throw new IOException("the caller's body broke off", e);
        }
        if (n > 0) {
            read += n;
            if (read > maxBytes) {
                failure = Json.tooLarge(maxBytes);
                throw new IOException("the caller's body passed " + maxBytes + " bytes");
            }
        }
        return n;
    }

    /** Closes; after a failure, what closing the broken upload throws is dropped (the failure says it all). */
    @Override
    public void close() throws IOException {
        try {
            super.close();
        } catch (IOException | RuntimeException e) {
            if (failure == null) {
                throw new IOException("closing the caller's body failed", e);
            }
        }
    }
}
