package dev.tokenkeeper.client.action;

import dev.tokenkeeper.client.Page;
import dev.tokenkeeper.client.internal.ApiCall;
import dev.tokenkeeper.client.internal.Json;
import dev.tokenkeeper.client.internal.Pages;
import dev.tokenkeeper.client.internal.Transport;
import java.util.Objects;
import java.util.stream.Stream;

/** The {@code /v1/actions} calls. */
public final class Actions {
    private static final String PATH = "/v1/actions";

    private final Transport transport;

    public Actions(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * {@code POST /v1/actions}: the new action, {@code queued} or {@code held}; with an idempotency key already used
     * for the same request, the first action. Retried after {@code Retry-After} only with an idempotency key.
     */
    public Action create(ActionInput input) {
        ApiCall call = ApiCall.post(PATH, Json.tree(input)).retryable(input.idempotencyKey() != null);
        return transport.read(call, Action.class);
    }

    /** {@code GET /v1/actions/{id}}. */
    public Action get(String id) {
        return transport.read(ApiCall.get(path(id)), Action.class);
    }

    /**
     * {@code GET /v1/actions}: one page in creation order, of a connection (null: any) in a state (null: any), at
     * most {@code limit} (null: 50) after {@code cursor}.
     */
    public Page<Action> list(String connectionId, ActionState state, Integer limit, String cursor) {
        ApiCall call = ApiCall.get(PATH).param("connection_id", connectionId)
                .param("state", state == null ? null : state.apiName()).param("limit", limit).param("cursor", cursor);
        return Pages.read(transport.json(call), "actions", Action.class);
    }

    /** Every action of a connection (null: any) in a state (null: any), in creation order. */
    public Stream<Action> listAll(String connectionId, ActionState state) {
        return Pages.all(cursor -> list(connectionId, state, null, cursor));
    }

    /** {@code POST /v1/actions/{id}/replay}: queues a held, failed or expired action again. */
    public Action replay(String id) {
        return transport.read(ApiCall.post(path(id) + "/replay", null), Action.class);
    }

    /** {@code POST /v1/actions/{id}/cancel}: cancels a queued or held action. */
    public Action cancel(String id) {
        return transport.read(ApiCall.post(path(id) + "/cancel", null).retryable(true), Action.class);
    }

    private static String path(String id) {
        return PATH + "/" + ApiCall.segment(id);
    }
}
