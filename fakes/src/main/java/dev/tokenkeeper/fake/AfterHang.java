package dev.tokenkeeper.fake;

/** What a hanging token request does once its hang is over. */
public enum AfterHang {
    /** Processes the request normally, as a slow provider would (the refresh really happens). */
    ANSWER,
    /** Closes the connection without an answer (the request is not processed). */
    DROP
}
