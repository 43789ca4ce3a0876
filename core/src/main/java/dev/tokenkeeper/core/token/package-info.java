/**
 * Tokens as values: the redacting Secret type, TokenSet, lenient parsing of token-endpoint responses, merging a refresh into the previous tokens, and the expiry policy that decides when a token is usable and when to refresh it.
 */
package dev.tokenkeeper.core.token;
