/**
 * Actions: provider calls a product queues so that they are not lost (writes made on a customer's behalf). An action
 * is durable work: it runs through the proxy's rules, is held while its connection is stale and replayed in creation
 * order after the connection is reactivated, and says {@code outcome_unknown} rather than resend a request that may
 * have reached the provider when its runner died. This package holds the values and the port their storage implements.
 */
package dev.tokenkeeper.core.action;
