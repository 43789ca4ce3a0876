/** Operations: health checks, Prometheus metrics, and the structured log line of every refresh and state change. */
package dev.tokenkeeper.server.ops;
