/**
 * The encrypted connection store: tokens and raw token fields under AEAD bound to their row and field, compare-and-set commits on generation and lease fence written in one transaction with their events, the quarantine of answers that arrived too late, and the description of those encrypted columns for re-encryption.
 */
package dev.tokenkeeper.postgres.connection;
