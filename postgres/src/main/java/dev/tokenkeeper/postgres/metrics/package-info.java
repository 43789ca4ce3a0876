/**
 * The counts the metrics gauges read, each taken in one query over the whole deployment's tables.
 */
package dev.tokenkeeper.postgres.metrics;
