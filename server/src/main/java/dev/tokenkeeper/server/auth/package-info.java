/** API keys: the admin key's start-up, and the check of every {@code /v1} request's key by its hash. */
package dev.tokenkeeper.server.auth;
