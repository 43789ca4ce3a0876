/**
 * The Java SDK of Tokenkeeper's HTTP API: {@link dev.tokenkeeper.client.TokenkeeperClient} is built once per service
 * and gives typed calls by area (providers, connections, connect sessions, reconnect links, webhook endpoints,
 * actions); answers are records, failures are the exceptions of {@code dev.tokenkeeper.client.problem}, and secrets
 * (API key, access tokens, webhook secrets) are a {@link dev.tokenkeeper.client.Secret} that never prints itself.
 */
package dev.tokenkeeper.client;
