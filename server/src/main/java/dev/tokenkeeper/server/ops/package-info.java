/**
 * Operations: health checks, Prometheus metrics, the OpenAPI document of the HTTP API, and the structured log line of
 * every refresh and state change.
 */
package dev.tokenkeeper.server.ops;
