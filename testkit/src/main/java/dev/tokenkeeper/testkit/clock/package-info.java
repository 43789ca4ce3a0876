/**
 * Clocks for tests: time that follows real time but can be moved forward by hand, so expiry and lease
 * take-over can be tested without waiting.
 */
package dev.tokenkeeper.testkit.clock;
