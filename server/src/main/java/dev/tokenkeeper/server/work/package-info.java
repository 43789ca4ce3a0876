/**
 * The service's background workers over durable work (revocations to retry, webhook deliveries, actions): the one loop
 * that runs what is due, sleeps until the next due row or a wake-up, and survives its own failures, and the slots
 * that run claimed rows on virtual threads.
 */
package dev.tokenkeeper.server.work;
