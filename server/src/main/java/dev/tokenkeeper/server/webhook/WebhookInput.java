package dev.tokenkeeper.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.core.webhook.WebhookEventTypes;
import dev.tokenkeeper.server.http.ApiProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.TreeSet;

/** Reads and checks the fields of webhook requests sent to the API; each problem names its field. */
final class WebhookInput {
    static final int MAX_DESCRIPTION = 500;
    static final int MAX_URL = 2048;
    /** Longer than any RFC 3339 time with nanoseconds and an offset. */
    static final int MAX_TIMESTAMP = 64;

    private WebhookInput() {}

    /**
     * An absolute https URL (plain http only when {@value ProviderUrlPolicy#SETTING} is true), without credentials or
     * fragment, whose host is not a private, link-local, metadata or Tokenkeeper's own address.
     */
    static URI url(ObjectNode body, ProviderUrlPolicy policy) {
        JsonNode value = body.get("url");
        if (value == null || value.isNull()) {
            throw ApiProblem.invalidField("url", "is required");
        }
        if (!value.isTextual() || value.textValue().isBlank() || value.textValue().length() > MAX_URL) {
            throw ApiProblem.invalidField("url", "must be an absolute https URL of at most " + MAX_URL
                    + " characters");
        }
        URI url;
        try {
            url = new URI(value.textValue());
        } catch (URISyntaxException e) {
            throw ApiProblem.invalidField("url", "is not a valid URL: it must be an absolute https URL");
        }
        if (!url.isAbsolute() || url.getHost() == null) {
            throw ApiProblem.invalidField("url", "must be an absolute https URL with a host");
        }
        if (url.getRawUserInfo() != null) {
            throw ApiProblem.invalidField("url", "must not hold credentials (user:password@)");
        }
        if (url.getRawFragment() != null) {
            throw ApiProblem.invalidField("url", "must not have a fragment (#…)");
        }
        policy.refusal(url).ifPresent(why -> {
            throw ApiProblem.invalidField("url", why);
        });
        return url;
    }

    /** The event types, each one of {@link WebhookEventTypes#ALL}; empty (or absent) means every type. */
    static Set<String> events(ObjectNode body) {
        JsonNode value = body.get("events");
        if (value == null || value.isNull()) {
            return Set.of();
        }
        if (!value.isArray()) {
            throw ApiProblem.invalidField("events", "must be an array of event types (empty: every type)");
        }
        Set<String> events = new TreeSet<>();
        for (JsonNode type : value) {
            if (!type.isTextual() || !WebhookEventTypes.ALL.contains(type.textValue())) {
                String shown = type.isTextual() && type.textValue().length() <= 64 ? "'" + type.textValue() + "'"
                        : "an entry";
                throw ApiProblem.invalidField("events", "has " + shown + ", which is not an event type; the types"
                        + " are " + String.join(", ", new TreeSet<>(WebhookEventTypes.ALL)));
            }
            events.add(type.textValue());
        }
        return events;
    }

    /** A note of at most {@value #MAX_DESCRIPTION} characters, or null. */
    static String description(ObjectNode body) {
        JsonNode value = body.get("description");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.textValue().length() > MAX_DESCRIPTION) {
            throw ApiProblem.invalidField("description", "must be a string of at most " + MAX_DESCRIPTION
                    + " characters");
        }
        return value.textValue().isBlank() ? null : value.textValue();
    }

    /** What a resend covers: deliveries created in {@code [from, to)}, succeeded ones too or not. */
    record ResendRange(Instant from, Instant to, boolean includeSucceeded) {}

    /**
     * {@code from} (at most {@code lookback} before {@code now}), {@code to} (after it, at most {@code longest}
     * later) and {@code include_succeeded}.
     */
    static ResendRange resendRange(ObjectNode body, Instant now, Duration lookback, Duration longest) {
        Instant from = instant(body, "from");
        Instant to = instant(body, "to");
        boolean includeSucceeded = flag(body, "include_succeeded");
        if (!to.isAfter(from)) {
            throw ApiProblem.invalidField("to", "must be after 'from'");
        }
        if (Duration.between(from, to).compareTo(longest) > 0) {
            throw ApiProblem.invalidField("to", "must be at most " + longest.toDays()
                    + " days after 'from'; resend a longer outage in several calls");
        }
        if (from.isBefore(now.minus(lookback))) {
            throw ApiProblem.invalidField("from", "must be at most " + lookback.toDays() + " days ago");
        }
        return new ResendRange(from, to, includeSucceeded);
    }

    /** A required RFC 3339 timestamp with an offset or {@code Z}. */
    static Instant instant(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw ApiProblem.invalidField(field, "is required: an RFC 3339 time such as 2026-12-01T08:00:00Z");
        }
        if (value.isTextual() && value.textValue().length() <= MAX_TIMESTAMP) {
            try {
                return OffsetDateTime.parse(value.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeException e) {
                // refused below
            }
        }
        throw ApiProblem.invalidField(field, "must be an RFC 3339 time with an offset, such as 2026-12-01T08:00:00Z");
    }

    /** An optional boolean, false when absent. */
    static boolean flag(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiProblem.invalidField(field, "must be true or false");
        }
        return value.booleanValue();
    }

    static boolean enabled(ObjectNode body, boolean current) {
        JsonNode value = body.get("enabled");
        if (value == null) {
            return current;
        }
        if (!value.isBoolean()) {
            throw ApiProblem.invalidField("enabled", "must be true or false");
        }
        return value.booleanValue();
    }
}
