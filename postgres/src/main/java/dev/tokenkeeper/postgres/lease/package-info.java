/**
 * The refresh lease kept on the connection row and timed by the database clock, with a fence bumped at every grant, and LISTEN/NOTIFY wake-ups (with a bounded poll as fallback) for callers waiting on another instance.
 */
package dev.tokenkeeper.postgres.lease;
