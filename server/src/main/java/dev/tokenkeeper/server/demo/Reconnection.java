package dev.tokenkeeper.server.demo;

import dev.tokenkeeper.server.http.Json;
import java.net.URI;

/**
 * Reconnects a connection as its user would: the product asks for a reconnect link
 * ({@code POST /v1/connections/{id}/reconnect-link}) and e-mails it; the user opens it (Tokenkeeper starts a connect
 * session and redirects to the provider), the fake provider approves at once and redirects to Tokenkeeper's
 * {@code /oauth/callback}. No URL is printed: they carry the link's token, the state and the code.
 */
final class Reconnection {
    private Reconnection() {}

    static ReconnectOutcome run(DemoApi api, String connectionId) {
        DemoApi.Reply link = api.post("/v1/connections/" + connectionId + "/reconnect-link", Json.object());
        if (!link.success()) {
            return ReconnectOutcome.failed("POST /v1/connections/" + connectionId + "/reconnect-link answered "
                    + link.status() + " " + link.code());
        }
        String url = link.body().path("url").asText("");
        if (url.isEmpty()) {
            return ReconnectOutcome.failed("the reconnect link has no url");
        }
        URI opened = URI.create(url);
        DemoApi.Reply toProvider = api.browse(opened);
        if (toProvider.status() / 100 != 3 || toProvider.location() == null) {
            return ReconnectOutcome.failed("opening the reconnect link answered " + toProvider.status()
                    + " instead of redirecting to the provider");
        }
        URI authorize = opened.resolve(toProvider.location());
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
                ? new ReconnectOutcome(ReconnectOutcome.Result.RECONNECTED, "reconnect link opened, provider"
                        + " approved, callback done; the connection is active again")
                : ReconnectOutcome.failed("after the callback the connection is " + state);
    }
}
