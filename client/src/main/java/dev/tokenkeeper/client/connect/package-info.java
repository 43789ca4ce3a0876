/**
 * The authorization-code flow: connect sessions that send a user to the provider, and reconnect links to send an end
 * user whose grant died, through {@link dev.tokenkeeper.client.connect.ConnectSessions} and
 * {@link dev.tokenkeeper.client.connect.ReconnectLinks}.
 */
package dev.tokenkeeper.client.connect;
