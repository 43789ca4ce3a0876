/**
 * What a failed call throws: every {@link dev.tokenkeeper.client.problem.TokenkeeperException} is either an answer
 * ({@link dev.tokenkeeper.client.problem.TokenkeeperHttpException}, and for an RFC 9457 problem the typed
 * {@link dev.tokenkeeper.client.problem.TokenkeeperProblemException} family chosen by status and {@code code}) or
 * no answer at all ({@link dev.tokenkeeper.client.problem.TokenkeeperTransportException}).
 */
package dev.tokenkeeper.client.problem;
