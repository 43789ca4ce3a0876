package dev.tokenkeeper.client.connection;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A connection's state: {@code active}, or stale ({@code needs_reauth}, {@code misconfigured}). */
public enum ConnectionState {
    @JsonProperty("active") ACTIVE,
    @JsonProperty("needs_reauth") NEEDS_REAUTH,
    @JsonProperty("misconfigured") MISCONFIGURED,
    /** A state added to the API after this SDK. */
    @JsonEnumDefaultValue UNKNOWN;

    /** The state as the API spells it. */
    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
