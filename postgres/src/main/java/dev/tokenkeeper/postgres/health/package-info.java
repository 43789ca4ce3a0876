/**
 * Provider health on PostgreSQL: the providers marked misconfigured and their provider events, each change in one
 * transaction with its event, decided against the connections table.
 */
package dev.tokenkeeper.postgres.health;
