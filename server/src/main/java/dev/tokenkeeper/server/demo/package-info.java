/**
 * {@code ./tokenkeeper demo}: a real Tokenkeeper on a fresh embedded PostgreSQL with two hostile fake providers and a
 * few dozen short-lived connections, and a script that makes their lifecycle visible in the terminal and through the
 * API: proactive refreshes with rotation, 429s and a 5xx storm absorbed as retries, a revoked grant turning
 * {@code needs_reauth}, and a reconnect through the OAuth connect flow over real HTTP.
 */
package dev.tokenkeeper.server.demo;
