/**
 * API keys: generating them, and keeping and checking only their SHA-256 hashes, so that whoever reads the stored
 * keys learns no key that opens the API.
 */
package dev.tokenkeeper.core.apikey;
