/**
 * A standalone fake OAuth 2.0 provider for tests, the demo and benchmarks: a real authorization server and
 * resource API over loopback HTTP, built on the JDK's HTTP server and Jackson only (never on core types, so it
 * cannot share a bug with the code under test), with provider quirks (rotation, reuse detection, odd expiry
 * fields, throttling, outages, hangs, Slack- and Microsoft-style errors) switchable at runtime per grant, per
 * client or globally, and observations (counters, a history of token requests, revocations) for assertions.
 */
package dev.tokenkeeper.fake;
