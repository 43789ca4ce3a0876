/**
 * Provider configurations: endpoints, client credentials, token-response and rotation quirks, and the per-provider
 * JSONata error expressions that normalize a provider's own failure signals; the {@link
 * dev.tokenkeeper.core.provider.ProviderCatalog} of built-in providers holds such configs, without client credentials,
 * for real providers, with the causes each provider is known for (a hint apiece) and its documented error answers.
 */
package dev.tokenkeeper.core.provider;
