/**
 * Durable revocation work on PostgreSQL: the {@code revocations} table, claimed with the one due-work mechanism of
 * {@code dev.tokenkeeper.postgres.work}, its tokens encrypted with associated data that names the row.
 */
package dev.tokenkeeper.postgres.revocation;
