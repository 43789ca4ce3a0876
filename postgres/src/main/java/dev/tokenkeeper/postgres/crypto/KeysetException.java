package dev.tokenkeeper.postgres.crypto;

import java.io.IOException;

/** A keyset that cannot be loaded, saved or rotated; its message names the source and the problem, never a key. */
public final class KeysetException extends RuntimeException {
    private final String source;

    public KeysetException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    /** For I/O failures only: parser exceptions may quote their input, so they are never attached as a cause. */
    public KeysetException(String source, String problem, IOException cause) {
        super(source + ": " + problem, cause);
        this.source = source;
    }

    /** Where the keyset came from: {@code keyset file <path>} or {@code TOKENKEEPER_KEYSET}. */
    public String source() {
        return source;
    }
}
