/**
 * Connections over HTTP: importing grants, reading and listing them, deleting them with revocation at the provider,
 * and handing out fresh access tokens through the refresh engine.
 */
package dev.tokenkeeper.server.connection;
