package dev.tokenkeeper.postgres.instances;

/** An instance process failed a command, did not answer in time, or died; the message says which and why. */
public final class InstanceException extends RuntimeException {

    InstanceException(String message) {
        super(message);
    }
}
