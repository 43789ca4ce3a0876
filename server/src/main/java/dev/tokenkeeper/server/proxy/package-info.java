/**
 * The proxy, {@code ANY /v1/proxy/{connection_id}/{path...}}: forwards a caller's request to the provider's
 * {@code api_base_url} with the connection's access token, never anywhere else; on an auth failure refreshes once
 * (single flight, only if the rejected token is still the current one) and replays once; streams bodies both ways,
 * keeping in memory only request bodies small enough to replay; and says on every error whether it came from the
 * provider or from Tokenkeeper.
 */
package dev.tokenkeeper.server.proxy;
