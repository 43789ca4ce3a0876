/**
 * The PostgreSQL adapters of the core ports: the pooled, migrated database (Flyway, forward-only), and the packages for connections, leases, encryption and the embedded default server.
 */
package dev.tokenkeeper.postgres;
