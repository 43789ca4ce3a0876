package dev.tokenkeeper.core.provider;

import com.fasterxml.jackson.core.JsonPointer;

/**
 * How a reconnect tells whether the same account came back: where the account's subject is read, and whether another
 * account may replace the connected one. With no field set the subject is the {@code sub} claim of an
 * {@code id_token} in the token response, when there is one; otherwise the provider cannot tell and any account is
 * accepted.
 *
 * @param tokenField   a JSON pointer (RFC 6901) into the token response, such as Slack's {@code /team/id}, or null
 * @param whoamiField  a JSON pointer into the answer of the provider's {@code whoami} call, or null
 * @param allowChange  true to accept another account on a reconnect (its subject then replaces the stored one)
 */
public record AccountSettings(String tokenField, String whoamiField, boolean allowChange) {
    /** No field configured, and another account refused. */
    public static final AccountSettings DEFAULT = new AccountSettings(null, null, false);
    /** The longest pointer accepted. */
    static final int MAX_POINTER = 200;

    public AccountSettings {
        requirePointer("account.token_field", tokenField);
        requirePointer("account.whoami_field", whoamiField);
    }

    private static void requirePointer(String field, String pointer) {
        if (pointer == null) {
            return;
        }
        if (!pointer.startsWith("/") || pointer.length() > MAX_POINTER) {
            throw new InvalidProviderConfigException(field, "must be a JSON pointer (RFC 6901) of at most "
                    + MAX_POINTER + " characters starting with '/', such as /team/id");
        }
        if (pointer.matches(".*~([^01]|$).*")) {
            throw new InvalidProviderConfigException(field, "must be a JSON pointer: '~' is only allowed as ~0 or ~1");
        }
        try {
            JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            throw new InvalidProviderConfigException(field, "must be a JSON pointer (RFC 6901)");
        }
    }

    /** The subject's pointer into the token response as a compiled pointer, or null. */
    public JsonPointer tokenPointer() {
        return tokenField == null ? null : JsonPointer.compile(tokenField);
    }

    /** The subject's pointer into the whoami answer as a compiled pointer, or null. */
    public JsonPointer whoamiPointer() {
        return whoamiField == null ? null : JsonPointer.compile(whoamiField);
    }
}
