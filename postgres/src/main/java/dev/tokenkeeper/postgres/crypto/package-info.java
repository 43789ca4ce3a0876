/**
 * Secrets at rest: the Tink AEAD implementation of the TokenCipher port, the keyset it encrypts under (a JSON keyset
 * file, the JSON itself in {@code TOKENKEEPER_KEYSET}, or one generated next to the data for the embedded default),
 * and key rotation that adds a new primary key while every older ciphertext keeps decrypting.
 */
package dev.tokenkeeper.postgres.crypto;
