/**
 * HTTP plumbing shared by every endpoint: bounded JSON bodies, typed field reading, RFC 9457 problem documents,
 * the API key check and the mapping of failures to responses.
 */
package dev.tokenkeeper.server.http;
