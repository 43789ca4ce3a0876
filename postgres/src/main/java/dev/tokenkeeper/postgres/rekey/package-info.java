/**
 * Key rotation in place: after a new primary key is added, re-encrypts every encrypted column of every table in
 * short batches that lock only the rows they rewrite ({@code FOR UPDATE SKIP LOCKED}), so the service keeps serving
 * and several instances may run it at once; each table that holds secrets describes its columns as
 * {@link dev.tokenkeeper.postgres.rekey.EncryptedColumn}s next to the code that owns their associated data.
 */
package dev.tokenkeeper.postgres.rekey;
