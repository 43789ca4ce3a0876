/**
 * Capturing what the code under test logs (slf4j-simple writes to standard error in tests), to assert what the logs
 * say and that they never hold a secret.
 */
package dev.tokenkeeper.testkit.logs;
