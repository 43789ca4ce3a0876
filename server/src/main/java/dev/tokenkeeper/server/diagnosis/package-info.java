/**
 * Diagnosis of one connection, as an expert would do it: the stored state and its last error in the provider's own
 * words, the timeline's recent refresh attempts and their parse notes, the timing of a dead grant, and the provider's
 * whoami call (status, {@code WWW-Authenticate}, body and error expression) with at most one refresh and one more call
 * to tell a dead token from a wrong API. Every verdict names a cause from the catalogue, who acts, the fix, and the
 * evidence; no token is ever shown.
 */
package dev.tokenkeeper.server.diagnosis;
