package dev.tokenkeeper.postgres.work;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A lease held on one work row.
 *
 * @param id                   the row's id
 * @param group                the row's concurrency group (e.g. its provider)
 * @param fence                greater than every earlier lease's fence on the row
 * @param holder               who holds it
 * @param expiresAt            when it runs out, on the database clock
 * @param interruptedAttemptAt when the previous holder started an attempt it never finished; null if none
 * @param lateBy               how long after the row's due time the lease was taken, on the database clock
 *                             (negative when taken early); null when the row has no due time
 */
public record RowLease(String id, String group, long fence, String holder, Instant expiresAt,
        Instant interruptedAttemptAt, Duration lateBy) {
    public RowLease {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
