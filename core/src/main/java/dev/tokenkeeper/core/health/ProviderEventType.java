package dev.tokenkeeper.core.health;

/** The kinds of provider event; their wire names are webhook event types. */
public enum ProviderEventType {
    MISCONFIGURED("provider.misconfigured"),
    RECOVERED("provider.recovered");

    private final String wireName;

    ProviderEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The type with that wire name; an unknown one is a bug (the names are written only by this enum). */
    public static ProviderEventType fromWireName(String wireName) {
        for (ProviderEventType type : values()) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown provider event type: " + wireName);
    }
}
