/**
 * Webhook endpoints and deliveries on PostgreSQL: the deliveries are made by V11's triggers in the transaction that
 * records a connection or provider event (the outbox), and claimed as durable work under fenced leases.
 */
package dev.tokenkeeper.postgres.webhook;
