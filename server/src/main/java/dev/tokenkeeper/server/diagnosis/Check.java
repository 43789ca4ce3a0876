package dev.tokenkeeper.server.diagnosis;

import java.util.Objects;

/**
 * One check a diagnosis ran.
 *
 * @param name   {@code provider_config}, {@code connection_state}, {@code token}, {@code whoami}, {@code refresh} or
 *               {@code whoami_after_refresh}
 * @param status {@code pass}, {@code fail} or {@code skip}
 * @param detail what it found, in words
 */
record Check(String name, String status, String detail) {
    static final String PROVIDER_CONFIG = "provider_config";
    static final String CONNECTION_STATE = "connection_state";
    static final String TOKEN = "token";
    static final String WHOAMI = "whoami";
    static final String REFRESH = "refresh";
    static final String WHOAMI_AFTER_REFRESH = "whoami_after_refresh";

    Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    static Check pass(String name, String detail) {
        return new Check(name, "pass", detail);
    }

    static Check fail(String name, String detail) {
        return new Check(name, "fail", detail);
    }

    static Check skip(String name, String detail) {
        return new Check(name, "skip", detail);
    }
}
