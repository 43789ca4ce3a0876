/**
 * In-memory adapters of the core ports, for tests and for embedding without a database; they pass the same
 * contract suites as the PostgreSQL adapters.
 */
package dev.tokenkeeper.memory;
