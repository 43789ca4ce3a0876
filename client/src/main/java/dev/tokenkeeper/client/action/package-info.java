/**
 * Actions: provider calls queued so that they are not lost, held while their connection is stale, through
 * {@link dev.tokenkeeper.client.action.Actions}.
 */
package dev.tokenkeeper.client.action;
