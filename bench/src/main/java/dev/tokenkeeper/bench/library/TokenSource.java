package dev.tokenkeeper.bench.library;

/** One side of the library bench: hands out a usable access token for a connection, refreshing it when due. */
interface TokenSource {
    /** What {@link #get} answers for a token that was imported and never refreshed. */
    long NEVER_REFRESHED = Long.MIN_VALUE;
    /** What {@link #get} answers when no usable token could be had. */
    long FAILED = Long.MAX_VALUE;

    /**
     * Gets a usable token for {@code connectionId} and answers when the refresh that brought it was stored, in
     * nanoseconds since the epoch ({@link #NEVER_REFRESHED} or {@link #FAILED} otherwise), so that a get which waited
     * for a refresh (it began before that moment) can be told from a hit.
     */
    long get(String connectionId);

    /** The name in the report. */
    String name();
}
