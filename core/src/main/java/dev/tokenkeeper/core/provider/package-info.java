/**
 * Provider configurations: endpoints, client credentials, token-response and rotation quirks, and the per-provider JSONata error expressions that normalize a provider's own failure signals.
 */
package dev.tokenkeeper.core.provider;
