/**
 * Webhooks: managing the endpoints Tokenkeeper delivers to and their deliveries
 * ({@link dev.tokenkeeper.client.webhook.WebhookEndpoints}), and checking a delivery's Standard Webhooks signature
 * where it arrives ({@link dev.tokenkeeper.client.webhook.WebhookVerifier}).
 */
package dev.tokenkeeper.client.webhook;
