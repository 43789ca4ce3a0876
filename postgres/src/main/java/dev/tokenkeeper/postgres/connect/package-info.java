/**
 * Connect sessions on PostgreSQL: pending authorization-code flows found by the SHA-256 of their state, with the
 * PKCE code verifier encrypted at rest, each handed out once under a row lock; and the reconnect links, found by the
 * SHA-256 of their token, with the sessions started from them.
 */
package dev.tokenkeeper.postgres.connect;
