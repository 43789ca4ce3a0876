package dev.tokenkeeper.core.port;

/**
 * Encrypts secrets at rest with authenticated encryption, binding each ciphertext to where it belongs (its
 * associated data, e.g. {@code connection:<id>:access_token}), so a ciphertext copied elsewhere does not decrypt.
 */
public interface TokenCipher {

    /** Encrypts under the current primary key. */
    byte[] encrypt(byte[] plaintext, String associatedData);

    /**
     * Decrypts with whichever key of the keyset encrypted it.
     *
     * @throws UndecryptableException when the ciphertext was tampered with, belongs to other associated data, or
     *                                was made with a key this keyset does not hold
     */
    byte[] decrypt(byte[] ciphertext, String associatedData);

    /** True when {@code ciphertext} was made under the current primary key (false: re-encrypt it). */
    boolean isCurrent(byte[] ciphertext);

    /** Thrown when a ciphertext cannot be decrypted; its message never holds key material or plaintext. */
    final class UndecryptableException extends RuntimeException {
        public UndecryptableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
