/**
 * API keys on PostgreSQL: one row per key holding its id, label, creation time and the SHA-256 of the key, never the
 * key itself; a presented key is found by its hash through the table's unique index.
 */
package dev.tokenkeeper.postgres.apikey;
