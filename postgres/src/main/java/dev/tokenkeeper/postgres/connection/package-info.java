/**
 * The encrypted connection store: tokens and raw token fields under AEAD bound to their row and field, compare-and-set commits on generation and lease fence written in one transaction with their events, and the quarantine of answers that arrived too late.
 */
package dev.tokenkeeper.postgres.connection;
