/**
 * The SDK's plumbing, public only so that the feature packages can share it: the JSON mapping, the HTTP transport
 * with its {@code Retry-After} retries, and paging. Not an API: it may change in any release.
 */
package dev.tokenkeeper.client.internal;
