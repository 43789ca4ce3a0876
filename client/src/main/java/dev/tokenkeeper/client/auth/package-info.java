/**
 * Calling a provider's API directly with a connection's access token: {@link
 * dev.tokenkeeper.client.auth.AuthorizedHttpClient} wraps a JDK {@code HttpClient}, adds the token Tokenkeeper keeps
 * fresh, and on an auth failure has the token it used refreshed once (one refresh however many requests failed with
 * it) and replays the request once.
 */
package dev.tokenkeeper.client.auth;
