/**
 * The library bench run by {@code ./tokenkeeper bench library}: the {@code RefreshEngine} over the in-memory stores
 * against an ideal in-process single-flight cache, both refreshing rotating grants at the same fake provider in one
 * JVM, and the cost of one refresh exchange over the endpoint's own latency.
 */
package dev.tokenkeeper.bench.library;
