/**
 * The embedded PostgreSQL server that runs from binaries on the class path with its data under a directory that survives restarts: the default when no external database is configured, and the database of the tests.
 */
package dev.tokenkeeper.postgres.embedded;
