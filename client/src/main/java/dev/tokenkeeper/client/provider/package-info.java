/**
 * Provider configs: the built-in catalog and the stored configs (never a client secret in an answer), through
 * {@link dev.tokenkeeper.client.provider.Providers}.
 */
package dev.tokenkeeper.client.provider;
