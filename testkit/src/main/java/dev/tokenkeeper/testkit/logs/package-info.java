/**
 * Capturing what the code under test logs (slf4j-simple in the libraries' tests and Logback in the server's both
 * write to standard error), to assert what the logs say and that they never hold a secret.
 */
package dev.tokenkeeper.testkit.logs;
