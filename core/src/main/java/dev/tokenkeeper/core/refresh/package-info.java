/**
 * The refresh engine: single flight per grant within a process and, through the lease port, across processes; classification of every refresh failure into retry, reconnect or fix-the-config; fenced commits that never let a stale holder overwrite a newer token.
 */
package dev.tokenkeeper.core.refresh;
