/**
 * The opt-in claim-growth bench run by {@code ./tokenkeeper bench claims}: how the refresh schedule's claim of due
 * connections, its next-due query, their plans and the table's and indexes' sizes grow with the number of rows, on a
 * scratch embedded PostgreSQL migrated to the real schema.
 */
package dev.tokenkeeper.bench.claims;
