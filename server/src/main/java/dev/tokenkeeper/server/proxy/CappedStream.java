package dev.tokenkeeper.server.proxy;

import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.Json;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The caller's request body as the provider call reads it: cut off past a size, and remembering why it failed, so
 * that a broken upload is answered as the caller's problem and not as an unreachable provider.
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
            failure = Json.unreadableBody();
            throw e instanceof IOException io ? io : new IOException("the caller's body broke", e);
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
}
