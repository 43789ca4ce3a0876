package dev.tokenkeeper.server.connect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.port.ConnectSession;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.server.connection.ConnectionService;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.Fields;
import dev.tokenkeeper.server.http.Json;
import dev.tokenkeeper.server.http.QueryParams;
import dev.tokenkeeper.server.provider.ProviderProblems;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** {@code POST /v1/connect-sessions}: starts the authorization-code flow and answers the URL to send the user to. */
final class ConnectSessionsApi implements HttpService {
    private static final Set<String> FIELDS = Set.of("provider", "connection_id", "redirect_after", "metadata",
            "authorization_params");

    private final SessionStarter starter;

    ConnectSessionsApi(SessionStarter starter) {
        this.starter = Objects.requireNonNull(starter, "starter");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create);
    }

    private void create(ServerRequest request, ServerResponse response) {
        QueryParams.only(request);
        Fields fields = Fields.of(Json.readObject(request), FIELDS);
        // The ids' own rules first: an id of 10 KB is told the rule, not the length limit of any text field.
        fields.requiredMatching("provider", ProviderConfig::isValidKey, ProviderProblems.KEY_RULE);
        fields.optionalMatching("connection_id", Connection::isValidId, ConnectionService.ID_RULE);
        StartedSession started = starter.start(read(fields));
        ConnectSession session = started.session();
        ObjectNode body = Json.object();
        body.put("id", session.id());
        body.put("provider", session.providerKey());
        if (session.isReconnect()) {
            body.put("connection_id", session.connectionId());
        }
        body.put("authorize_url", started.authorizeUrl().toString());
        body.put("expires_at", session.expiresAt().toString());
        Json.send(response, 201, body);
    }

    private static ConnectRequest read(Fields fields) {
        String provider = fields.requiredText("provider");
        String connectionId = fields.optionalText("connection_id");
        if (connectionId != null && !Connection.isValidId(connectionId)) {
            throw ApiProblem.invalidField("connection_id", ConnectionService.ID_RULE);
        }
        URI redirectAfter = redirectAfter(fields.optionalText("redirect_after"));
        Map<String, String> metadata = fields.stringMap("metadata");
        Map<String, String> authorizationParams = fields.stringMap("authorization_params");
        for (String name : authorizationParams.keySet()) {
            if (ProviderConfig.AUTHORIZATION_OWN.contains(name)) {
                throw ApiProblem.invalidField("authorization_params." + name, "is set by Tokenkeeper itself");
            }
        }
        return new ConnectRequest(provider, connectionId, redirectAfter, metadata, authorizationParams);
    }

    private static URI redirectAfter(String text) {
        if (text == null) {
            return null;
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw ApiProblem.invalidField("redirect_after", "is not a valid URL (" + e.getReason() + ")");
        }
        if (!ConnectSession.isHttpUrl(url) || url.getRawUserInfo() != null) {
            throw ApiProblem.invalidField("redirect_after", "must be an absolute http or https URL without user"
                    + " info, such as https://app.example.com/connected");
        }
        return url;
    }
}
