/**
 * The OAuth authorization-code flow with PKCE: a connect session sends the user to the provider's authorize URL, and
 * the public callback checks the single-use state, exchanges the code and creates or reactivates the connection,
 * telling the user in a small HTML page what happened and what to do.
 */
package dev.tokenkeeper.server.connect;
