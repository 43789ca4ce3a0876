package dev.tokenkeeper.core.action;

/**
 * A page of actions in creation order.
 *
 * @param connectionId only this connection's, or null for all
 * @param state        only in this state, or null for any
 * @param afterId      the last id of the previous page, or null from the start
 * @param limit        at most this many, at least 1
 */
public record ActionQuery(String connectionId, ActionState state, String afterId, int limit) {
    public ActionQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }
}
