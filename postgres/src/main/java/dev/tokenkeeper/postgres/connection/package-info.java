/**
 * The encrypted connection store: tokens and raw token fields under AEAD bound to their row and field, compare-and-set commits on generation and lease fence written in one transaction with their events, the quarantine of answers that arrived too late, the description of those encrypted columns for re-encryption, each connection's account subject, and each instance's cache of decrypted connections for the token path, emptied by the database's change notices.
 */
package dev.tokenkeeper.postgres.connection;
