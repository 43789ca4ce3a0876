package dev.tokenkeeper.core.action;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The provider's answer to an action's last attempt, as kept: bounded and redacted by the runner before it is stored
 * (stored encrypted, like the request).
 *
 * @param status        the HTTP status
 * @param headers       the kept response headers, names in lower case
 * @param body          the kept body bytes (at most the runner's bound)
 * @param bodyTruncated true when the provider sent more than was kept
 */
public record ActionResponse(int status, Map<String, List<String>> headers, byte[] body, boolean bodyTruncated) {
    public ActionResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status");
        }
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(
                headers == null ? Map.<String, List<String>>of() : headers));
        body = body == null ? new byte[0] : body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ActionResponse that && status == that.status && headers.equals(that.headers)
                && Arrays.equals(body, that.body) && bodyTruncated == that.bodyTruncated;
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body), bodyTruncated);
    }

    @Override
    public String toString() {
        return "ActionResponse[" + status + ", " + body.length + " body bytes]";
    }
}
