package dev.tokenkeeper.postgres.provider;

/** A stored provider config that cannot be used as it stands (a secret that does not decrypt there, a broken config). */
public final class CorruptProviderException extends RuntimeException {
    private final String providerKey;

    CorruptProviderException(String providerKey, String problem, Throwable cause) {
        super("provider " + providerKey + ": " + problem + "; it is not served", cause);
        this.providerKey = providerKey;
    }

    public String providerKey() {
        return providerKey;
    }
}
