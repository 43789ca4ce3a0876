package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.cause.Cause;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What became of a connect session, as {@code GET /v1/connect-sessions/{id}} reports it: never its state, code
 * verifier or any token.
 *
 * @param id           the session's id
 * @param providerKey  its provider
 * @param connectionId the connection reconnected or created, or null while none is known
 * @param state        where the session stands
 * @param error        why it failed, only when {@code state} is {@link State#FAILED}
 * @param warnings     what is wrong with the grant it connected although it works (e.g.
 *                     {@link Cause#NO_REFRESH_TOKEN}); empty unless completed
 */
public record ConnectSessionStatus(String id, String providerKey, String connectionId, State state,
        ConnectSessionError error, List<Cause> warnings) {

    /** The lifecycle of a session. */
    public enum State {
        /** Waiting for the user at the provider, or being completed right now. */
        PENDING,
        /** The connection holds the new grant. */
        COMPLETED,
        /** The callback came and nothing was connected; {@code error} says why. */
        FAILED,
        /** It ran out before a callback completed it. */
        EXPIRED;

        /** The name the API uses ({@code pending}…). */
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ConnectSessionStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(providerKey, "providerKey");
        Objects.requireNonNull(state, "state");
        if ((state == State.FAILED) != (error != null)) {
            throw new IllegalArgumentException("a session has an error exactly when it failed");
        }
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A status without warnings. */
    public ConnectSessionStatus(String id, String providerKey, String connectionId, State state,
            ConnectSessionError error) {
        this(id, providerKey, connectionId, state, error, List.of());
    }
}
