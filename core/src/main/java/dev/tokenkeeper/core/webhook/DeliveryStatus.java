package dev.tokenkeeper.core.webhook;

import java.util.Locale;
import java.util.Optional;

/** Where a delivery stands: {@code pending} (tried again at its next attempt), {@code succeeded}, {@code failed}. */
public enum DeliveryStatus {
    PENDING,
    SUCCEEDED,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeliveryStatus> fromWireName(String name) {
        for (DeliveryStatus status : values()) {
            if (status.wireName().equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
