/**
 * Connections and their lifecycle: the states active, needs_reauth and misconfigured, the transitions between them, and the events each transition and refresh attempt produces.
 */
package dev.tokenkeeper.core.connection;
