/**
 * Actions over HTTP and their runner: {@code /v1/actions} queues a provider call that must not be lost (checked like
 * a proxied request, stored encrypted, never echoed back), and the {@link dev.tokenkeeper.server.action.ActionRunner}
 * claims due actions on the one due-work mechanism and sends them through the proxy's rules, holding them while their
 * connection is stale and retrying what the provider may still accept.
 */
package dev.tokenkeeper.server.action;
