/**
 * Connections: importing a grant, listing and reading connections, their fresh access tokens, forced refreshes,
 * timelines and diagnoses, all through {@link dev.tokenkeeper.client.connection.Connections}.
 */
package dev.tokenkeeper.client.connection;
