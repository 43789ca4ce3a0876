/**
 * The durable proactive-refresh schedule on PostgreSQL: due connections claimed with {@code FOR UPDATE SKIP LOCKED}
 * under their refresh lease, through the generic due-work claims of {@code dev.tokenkeeper.postgres.work}.
 */
package dev.tokenkeeper.postgres.schedule;
