/**
 * Webhooks: endpoints that receive Standard Webhooks v1 deliveries of connection and provider events, the deliveries
 * themselves as durable work (created in the transaction that records the event, claimed under fenced leases, retried
 * on a schedule), and the port their storage implements.
 */
package dev.tokenkeeper.core.webhook;
