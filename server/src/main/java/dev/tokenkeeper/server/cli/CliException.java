package dev.tokenkeeper.server.cli;

/** A command that cannot do what was asked, for a reason the operator can fix; printed as one line. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message, null, false, false);
    }
}
