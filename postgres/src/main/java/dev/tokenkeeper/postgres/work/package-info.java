/**
 * Durable work as rows with a due time and a fenced lease, the one mechanism behind proactive refreshes (and later
 * webhook deliveries and held actions): {@link dev.tokenkeeper.postgres.work.WorkTable} names a table's columns,
 * {@link dev.tokenkeeper.postgres.work.RowLeases} takes and gives up one row's lease on the database clock, and
 * {@link dev.tokenkeeper.postgres.work.DueClaims} claims due rows with {@code FOR UPDATE SKIP LOCKED}, so that
 * instances never wait for each other and never claim the same row.
 */
package dev.tokenkeeper.postgres.work;
