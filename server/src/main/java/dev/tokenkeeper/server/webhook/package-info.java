/**
 * Sending webhooks: Standard Webhooks v1 signing and verifying, and the dispatcher that claims due deliveries under
 * fenced leases, POSTs them to their endpoints (judged again by the URL policy just before each request) and records
 * every attempt, retrying on a schedule and disabling endpoints that are gone or keep failing.
 */
package dev.tokenkeeper.server.webhook;
