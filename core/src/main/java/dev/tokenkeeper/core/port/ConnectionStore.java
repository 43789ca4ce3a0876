package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ServingCopy;
import dev.tokenkeeper.core.connection.Transition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Stores connections and their timelines; every write is a compare-and-set, atomic with its events. */
public interface ConnectionStore {

    Optional<Connection> find(String connectionId);

    /**
     * The connection to hand a token out from, as the hit reads it ({@link ServingCopy}): as {@link #find} reads it,
     * or from a cache that may trail the database by the moment a commit's notice takes to arrive. Only for answering
     * with a token that is still usable; a decision to refresh reads with {@link #find} (under the lease). A store on
     * the token path keeps the copy with the connection instead of making one per call, as this default does.
     */
    default Optional<ServingCopy> findToServe(String connectionId) {
        return find(connectionId).map(ServingCopy::of);
    }

    /** One page of connections that match {@code query}, in ascending id order (see {@link ConnectionQuery}). */
    List<Connection> list(ConnectionQuery query);

    /**
     * Inserts a new connection with its creation events.
     *
     * @return false when a connection with that id exists already, or when the store also keeps provider configs and
     *     the connection's provider was deleted from them (nothing is written: a caller tells the two apart by looking
     *     the id up)
     */
    boolean create(Transition creation);

    /**
     * Writes {@code transition.after()} and its events if the stored generation is still
     * {@code expectedGeneration} and, when {@code lease} is given, that lease is still the connection's live one.
     * The new version must carry generation {@code expectedGeneration + 1}. The stored metadata is kept as it is: only
     * {@link #changeMetadata} changes it, so a label set while a refresh was in flight is not undone by its commit.
     * A store that keeps the lease on the stored connection may give the lease up with a commit under it (saving a
     * write); the holder still calls {@link RefreshLease#release}, which then finds nothing to give up.
     *
     * @return true when written; false when the generation moved on or the lease was lost (nothing is written)
     */
    boolean commit(Transition transition, long expectedGeneration, Lease lease);

    /**
     * Replaces the connection's metadata with what {@code change} makes of the stored one, in one atomic step (a
     * concurrent change is never lost), and sets {@code updatedAt}. The generation stays as it is, so a refresh in
     * flight still commits. When {@code change} throws, nothing is written and the exception goes to the caller.
     *
     * @return the connection as written; empty when no connection has that id
     */
    Optional<Connection> changeMetadata(String connectionId, UnaryOperator<Map<String, String>> change,
            Instant updatedAt);

    /**
     * Appends events to the timelines of existing connections without changing the connections (their generation and
     * state stay as they are), in one atomic step. Events of a connection that does not exist are dropped: a timeline
     * never outlives its connection.
     */
    void record(List<ConnectionEvent> events);

    /** The connection's timeline, oldest first, at most {@code limit} entries from the newest end. */
    List<ConnectionEvent> events(String connectionId, int limit);

    /**
     * Keeps a refresh's successful answer that could not be committed because its holder lost the lease, so a
     * rotated refresh token is never silently dropped. An answer for a connection that no longer exists (it was
     * deleted while the refresh ran) is not kept: it would otherwise be taken for one of a connection created again
     * with that id.
     */
    void quarantine(QuarantinedRefresh refresh);

    /** Quarantined answers for a connection, oldest first. */
    List<QuarantinedRefresh> quarantined(String connectionId);

    /**
     * Deletes the connection with its timeline, its quarantined answers and its lease, in one step. A commit under a
     * lease taken before the delete is refused, also once a connection with the same id is created again.
     *
     * @return the connection as it was deleted; empty when there was none
     */
    Optional<Connection> delete(String connectionId);
}
