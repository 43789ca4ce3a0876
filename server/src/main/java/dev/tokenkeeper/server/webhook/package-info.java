/**
 * Webhooks: the HTTP API ({@code /v1/webhook-endpoints}: create, list, read, change, delete, rotate the signing secret,
 * send a ping, list deliveries; {@code /v1/webhook-deliveries/{id}/retry}) over core's {@code WebhookStore}, Standard
 * Webhooks v1 signing, and the dispatcher that claims due deliveries under fenced leases, POSTs them to their endpoints
 * (judged again by the URL policy just before each request) and records every attempt, retrying on a schedule and
 * disabling endpoints that are gone or keep failing.
 */
package dev.tokenkeeper.server.webhook;
