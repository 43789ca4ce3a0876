package dev.tokenkeeper.server.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.http.Json;
import java.net.URI;

/**
 * Reconnects a connection as its user would: the product opens a connect session for the same connection id
 * ({@code POST /v1/connect-sessions}), the browser goes to the authorize URL (the fake provider approves at once and
 * redirects), and follows that redirect to Tokenkeeper's {@code /oauth/callback}. No URL is printed: they carry the
 * state and the code.
 */
final class Reconnection {
    private Reconnection() {}

    static ReconnectOutcome run(DemoApi api, String providerKey, String connectionId) {
        ObjectNode request = Json.object().put("provider", providerKey).put("connection_id", connectionId);
        DemoApi.Reply session = api.post("/v1/connect-sessions", request);
        if (session.status() == 404 && "no_route".equals(session.code())) {
            return new ReconnectOutcome(ReconnectOutcome.Result.NO_CONNECT_FLOW, "this build has no connect flow"
                    + " (POST /v1/connect-sessions answered 404 no_route)");
        }
        if (!session.success()) {
            return ReconnectOutcome.failed("POST /v1/connect-sessions answered " + session.status() + " "
                    + session.code());
        }
        String authorizeUrl = session.body().path("authorize_url").asText("");
        if (authorizeUrl.isEmpty()) {
            return ReconnectOutcome.failed("the connect session has no authorize_url");
        }
        URI authorize = URI.create(authorizeUrl);
        DemoApi.Reply approval = api.browse(authorize);
        if (approval.status() / 100 != 3 || approval.location() == null) {
            return ReconnectOutcome.failed("the provider's authorize endpoint answered " + approval.status()
                    + " instead of redirecting");
        }
        DemoApi.Reply callback = api.browse(authorize.resolve(approval.location()));
        if (callback.status() >= 400) {
            return ReconnectOutcome.failed("the callback answered " + callback.status() + " " + callback.code());
        }
        String state = api.get("/v1/connections/" + connectionId).body().path("state").asText("unknown");
        return "active".equals(state)
                ? new ReconnectOutcome(ReconnectOutcome.Result.RECONNECTED, "session, authorize URL and callback"
                        + " done; the connection is active again")
                : ReconnectOutcome.failed("after the callback the connection is " + state);
    }
}
