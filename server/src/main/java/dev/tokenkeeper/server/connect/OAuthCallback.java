package dev.tokenkeeper.server.connect;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /oauth/callback}, public (the provider sends the user's browser here): completes the session and answers
 * a 303 to the session's {@code redirect_after} or an HTML page; never a stack trace, never a secret.
 */
final class OAuthCallback implements HttpService {
    private static final Logger LOG = LoggerFactory.getLogger(OAuthCallback.class);
    /** The URL's code must not leak through the Referer, and the page must not be framed, cached or sniffed. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline';"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final CallbackCompletion completion;

    OAuthCallback(CallbackCompletion completion) {
        this.completion = Objects.requireNonNull(completion, "completion");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::callback);
    }

    private void callback(ServerRequest request, ServerResponse response) {
        var query = request.query();
        CallbackQuery callback = new CallbackQuery(query.first("state").orElse(null),
                query.first("code").orElse(null), query.first("error").orElse(null),
                query.first("error_description").orElse(null));
        CallbackOutcome outcome;
        try {
            outcome = completion.complete(callback);
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString();
            LOG.error("incident={} the connect callback failed", incident, e);
            outcome = new CallbackOutcome.Failed(CallbackFailure.internal(incident));
        }
        answer(response, outcome);
    }

    private static void answer(ServerResponse response, CallbackOutcome outcome) {
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.header("Referrer-Policy", "no-referrer");
        switch (outcome) {
            case CallbackOutcome.Connected connected when connected.redirectAfter() != null ->
                    redirect(response, redirectTarget(connected));
            case CallbackOutcome.Connected connected -> html(response, 200, CallbackPage.connected(connected));
            case CallbackOutcome.Failed failed when failed.redirectAfter() != null ->
                    redirect(response, redirectTarget(failed));
            case CallbackOutcome.Failed failed ->
                    html(response, failed.failure().status(), CallbackPage.failure(failed.failure()));
        }
    }

    static void redirect(ServerResponse response, URI target) {
        response.status(Status.SEE_OTHER_303);
        response.header(HeaderNames.LOCATION, target.toString());
        response.send();
    }

    static void html(ServerResponse response, int status, String page) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.send(page.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code redirect_after} with {@code connection_id} and {@code status=connected} added to its query, keeping its
     * own query and fragment.
     */
    static URI redirectTarget(CallbackOutcome.Connected connected) {
        return withParameters(connected.redirectAfter(), Map.of("connection_id", connected.connectionId(),
                "status", "connected"));
    }

    /**
     * {@code redirect_after} with {@code status=error}, the error {@code code} and the {@code connect_session_id} (to
     * ask {@code GET /v1/connect-sessions/{id}} for the details) added to its query.
     */
    static URI redirectTarget(CallbackOutcome.Failed failed) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("status", "error");
        parameters.put("code", failed.errorCode());
        if (failed.sessionId() != null) {
            parameters.put("connect_session_id", failed.sessionId());
        }
        return withParameters(failed.redirectAfter(), parameters);
    }

    /** {@code base} with the parameters, percent-encoded, added to its query (or as its query), before its fragment. */
    static URI withParameters(URI base, Map<String, String> parameters) {
        String text = base.toString();
        String fragment = base.getRawFragment();
        String beforeFragment = fragment == null ? text : text.substring(0, text.length() - fragment.length() - 1);
        String separator = base.getRawQuery() == null ? (beforeFragment.endsWith("?") ? "" : "?")
                : beforeFragment.endsWith("?") || beforeFragment.endsWith("&") ? "" : "&";
        StringJoiner added = new StringJoiner("&");
        new TreeMap<>(parameters).forEach((name, value) -> added.add(encode(name) + "=" + encode(value)));
        return URI.create(beforeFragment + separator + added + (fragment == null ? "" : "#" + fragment));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
