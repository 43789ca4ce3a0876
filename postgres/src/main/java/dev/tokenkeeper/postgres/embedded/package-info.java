/**
 * The embedded PostgreSQL server that runs from binaries on the class path with its data under a directory that
 * survives restarts: the default when no external database is configured, and the database of the tests. It runs
 * durably (fsync, synchronous_commit and full_page_writes on) unless a test opts out, asks for a generated SCRAM
 * password kept owner-only in its data directory, listens on loopback TCP only, and on start stops its own postmaster
 * orphaned by a killed JVM.
 */
package dev.tokenkeeper.postgres.embedded;
