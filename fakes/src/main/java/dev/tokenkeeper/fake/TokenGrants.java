package dev.tokenkeeper.fake;

import dev.tokenkeeper.fake.TokenOutcome.Rejected;

/** Decides a token request: form checks, client authentication, then the flow of its grant type. */
final class TokenGrants {
    private final Clients clients;
    private final QuirkScopes quirks;
    private final RefreshFlow refreshFlow;
    private final CodeFlow codeFlow;
    private final ClientCredentialsFlow clientCredentialsFlow;

    TokenGrants(Clients clients, QuirkScopes quirks, RefreshFlow refreshFlow, CodeFlow codeFlow,
            ClientCredentialsFlow clientCredentialsFlow) {
        this.clients = clients;
        this.quirks = quirks;
        this.refreshFlow = refreshFlow;
        this.codeFlow = codeFlow;
        this.clientCredentialsFlow = clientCredentialsFlow;
    }

    TokenOutcome decide(TokenCall call) {
        Rejected malformed = malformed(call);
        if (malformed != null) {
            return malformed;
        }
        Rejected misplaced = misplacedCredentials(call);
        if (misplaced != null) {
            return misplaced;
        }
        Clients.Check check = clients.authenticate(call.headers(), call.form());
        if (!check.authenticated()) {
            return rejectClient(check, call.grantId());
        }
        String clientId = check.claimedClientId();
        String grantType = call.form().get("grant_type");
        if (grantType == null) {
            return Rejected.invalidRequest("grant_type is required");
        }
        return switch (grantType) {
            case "refresh_token" -> quirks.resolve(Quirk.REFUSE_REFRESH, clientId, call.grantId())
                    ? Rejected.unauthorizedClient(call.grantId(), "The client is not allowed to use this grant type")
                    : refreshFlow.refresh(clientId, call.form());
            case "authorization_code" -> codeFlow.exchange(clientId, call.form());
            case "client_credentials" -> clientCredentialsFlow.issue(clientId, call.form());
            default -> new Rejected(null, 400, "unsupported_grant_type", "Unsupported grant_type " + grantType);
        };
    }

    /** The answer to a failed client authentication, shaped by the {@code wrongSecretAnswer} quirk. */
    Rejected rejectClient(Clients.Check check, String grantId) {
        return switch (check.failure()) {
            case MALFORMED -> Rejected.invalidRequest("Malformed Basic credentials");
            case TWO_METHODS -> Rejected.invalidRequest("Use one client authentication method, not two");
            case MISSING -> Rejected.invalidClient("Client authentication is required");
            case UNKNOWN_CLIENT, WRONG_SECRET -> switch (quirks.resolve(
                    Quirk.WRONG_SECRET_ANSWER, check.claimedClientId(), grantId)) {
                case INVALID_CLIENT -> Rejected.invalidClient("Client authentication failed");
                case UNAUTHORIZED_CLIENT -> Rejected.unauthorizedClient(grantId, "Client authentication failed");
            };
        };
    }

    /** The answer when the client credentials are not where the {@code clientAuthPlace} quirk wants them. */
    private Rejected misplacedCredentials(TokenCall call) {
        boolean basic = call.headers().getFirst("Authorization") != null;
        return switch (quirks.resolve(Quirk.CLIENT_AUTH_PLACE, call.clientId(), call.grantId())) {
            case EITHER -> null;
            case BODY_ONLY -> basic ? Rejected.invalidRequest("Missing required parameter: client_secret") : null;
            case BASIC_ONLY -> basic ? null
                    : Rejected.invalidClient("Client authentication failed: use HTTP Basic authentication");
        };
    }

    private static Rejected malformed(TokenCall call) {
        if (!call.formEncoded()) {
            return Rejected.invalidRequest("Content-Type must be application/x-www-form-urlencoded");
        }
        if (!call.form().repeated().isEmpty()) {
            return Rejected.invalidRequest("Parameters must not repeat: " + call.form().repeated());
        }
        return null;
    }
}
