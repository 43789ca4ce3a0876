package dev.tokenkeeper.client.action;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** An action's state: waiting ({@code queued}, {@code running}, {@code held}) or final. */
public enum ActionState {
    @JsonProperty("queued") QUEUED,
    @JsonProperty("running") RUNNING,
    @JsonProperty("held") HELD,
    @JsonProperty("succeeded") SUCCEEDED,
    @JsonProperty("failed") FAILED,
    @JsonProperty("expired") EXPIRED,
    @JsonProperty("cancelled") CANCELLED,
    /** A state added to the API after this SDK. */
    @JsonEnumDefaultValue UNKNOWN;

    /** The state as the API spells it. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
