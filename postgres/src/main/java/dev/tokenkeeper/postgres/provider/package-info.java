/**
 * Provider configs on PostgreSQL: API.md's provider JSON in a jsonb column, the client secret apart under AEAD bound to
 * its provider and field, and a short-lived in-process cache in front of the lookups every refresh makes.
 */
package dev.tokenkeeper.postgres.provider;
