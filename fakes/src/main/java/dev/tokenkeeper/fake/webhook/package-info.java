/**
 * A webhook receiver on loopback for tests and the demo: it records every request it gets and answers as scripted
 * (any status, headers, body, after a delay), so a sender can be tested over real HTTP.
 */
package dev.tokenkeeper.fake.webhook;
