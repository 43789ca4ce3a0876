/**
 * Actions on PostgreSQL (V14): durable work claimed under fenced leases in creation order per connection, requests and
 * responses encrypted, webhooks of their outcomes made by triggers in the transaction of the change (the outbox), and
 * held actions released by the transaction that reactivates their connection.
 */
package dev.tokenkeeper.postgres.action;
