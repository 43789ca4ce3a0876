/**
 * The webhooks HTTP API: {@code /v1/webhook-endpoints} (create, list, read, change, delete, rotate the signing secret,
 * send a ping, list deliveries) and {@code /v1/webhook-deliveries/{id}/retry}, over core's {@code WebhookStore}.
 */
package dev.tokenkeeper.server.webhook;
