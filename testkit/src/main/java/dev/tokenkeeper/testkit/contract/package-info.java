/**
 * Contract suites: abstract JUnit tests that every adapter of a core port extends, so the in-memory fakes and the
 * PostgreSQL adapters are held to the same behaviour.
 */
package dev.tokenkeeper.testkit.contract;
