package dev.tokenkeeper.client.connect;

import dev.tokenkeeper.client.connection.Warning;
import java.util.List;
import java.util.Objects;

/**
 * Where a connect session stands: {@code pending}, {@code completed}, {@code failed} (with its {@code error}) or
 * {@code expired}.
 */
public record ConnectSessionStatus(String id, String provider, String connectionId, String state, Failure error,
        List<Warning> warnings) {
    public ConnectSessionStatus {
        Objects.requireNonNull(id, "id");
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** Why a session failed: the provider's or Tokenkeeper's code, and the cause, actor and fix when known. */
    public record Failure(String code, String description, String cause, String actor, String fix) {}
}
