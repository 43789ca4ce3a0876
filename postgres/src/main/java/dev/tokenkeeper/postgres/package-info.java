/**
 * The PostgreSQL adapters of the core ports: the pooled, migrated database (Flyway, forward-only), the location it connects to (credentials apart from the URL), and the packages for connections, leases, providers, encryption, the embedded default server and the wiring from the environment.
 */
package dev.tokenkeeper.postgres;
