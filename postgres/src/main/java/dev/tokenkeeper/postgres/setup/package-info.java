/**
 * Storage wiring from the environment: the settings ({@code TOKENKEEPER_DATABASE_URL}, {@code TOKENKEEPER_DATA_DIR},
 * {@code TOKENKEEPER_KEYSET}, pool size, embedded port), and the storage they open: the embedded PostgreSQL under the
 * data directory by default or the external server named by the URL, migrated, with the token cipher beside it.
 */
package dev.tokenkeeper.postgres.setup;
