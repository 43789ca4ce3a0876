/**
 * The service's log output: Logback with a human line format by default and JSON lines on request
 * ({@code TOKENKEEPER_LOG_FORMAT}), java.util.logging bridged into it.
 */
package dev.tokenkeeper.server.logging;
