package dev.tokenkeeper.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Decides whether a request to one of the admin console's non-public paths goes on: it proceeds the chain for a
 * valid console session, else refuses (a GET or HEAD is redirected to the sign-in page, anything else is 403).
 */
@FunctionalInterface
public interface SessionGate {
    /** The sign-in page a refused GET is sent to. */
    String SIGN_IN_PATH = "/admin/sign-in";

    /** No console: every request is refused as one without a session. */
    SessionGate NONE = (chain, request, response) -> refuse(request, response, "");

    /** Proceeds {@code chain} or answers {@code response} itself. */
    void admit(FilterChain chain, RoutingRequest request, RoutingResponse response);

    /**
     * The refusal of a request without a valid session: 303 to the sign-in page for a GET or HEAD, else 403 with
     * {@code forbiddenPage} (HTML) as the body.
     */
    static void refuse(RoutingRequest request, RoutingResponse response, String forbiddenPage) {
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        Method method = request.prologue().method();
        if (method.equals(Method.GET) || method.equals(Method.HEAD)) {
            response.status(Status.SEE_OTHER_303);
            response.header(HeaderNames.LOCATION, SIGN_IN_PATH);
            response.send();
            return;
        }
        response.status(Status.FORBIDDEN_403);
        response.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        response.send(forbiddenPage);
    }
}
