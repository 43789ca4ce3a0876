package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.cause.Cause;
import java.util.Map;

/** The usual cause of each of Tokenkeeper's failure codes, when nothing more specific is known. */
final class CodeCauses {
    /** The code of a refresh that could not start: the provider's URLs cannot be filled for the connection. */
    static final String CONNECTION_CONFIG_CODE = "connection_config_invalid";
    private static final Map<String, Cause> USUAL = Map.ofEntries(
            Map.entry("timeout", Cause.TIMEOUT),
            Map.entry("connection_failed", Cause.PROVIDER_UNREACHABLE),
            Map.entry("unknown_host", Cause.PROVIDER_UNREACHABLE),
            Map.entry("tls_failed", Cause.PROVIDER_UNREACHABLE),
            Map.entry("io_error", Cause.PROVIDER_UNREACHABLE),
            Map.entry("server_error", Cause.PROVIDER_OUTAGE),
            Map.entry("temporarily_unavailable", Cause.PROVIDER_OUTAGE),
            Map.entry("http_408", Cause.PROVIDER_OUTAGE),
            Map.entry("http_409", Cause.PROVIDER_OUTAGE),
            Map.entry("http_423", Cause.PROVIDER_OUTAGE),
            Map.entry("http_425", Cause.PROVIDER_OUTAGE),
            Map.entry("rate_limited", Cause.RATE_LIMITED),
            Map.entry("missing_access_token", Cause.TOKEN_ANSWER_INCOMPLETE),
            Map.entry("unparsable_response", Cause.TOKEN_ANSWER_INCOMPLETE),
            Map.entry("invalid_client", Cause.CLIENT_CREDENTIALS_REJECTED),
            Map.entry("unauthorized_client", Cause.CLIENT_NOT_AUTHORIZED),
            Map.entry("invalid_grant", Cause.GRANT_INVALID),
            Map.entry("invalid_request", Cause.REFRESH_REQUEST_MALFORMED),
            Map.entry("unsupported_grant_type", Cause.REFRESH_REQUEST_MALFORMED),
            Map.entry("invalid_scope", Cause.SCOPE_INVALID),
            Map.entry("refresh_interrupted", Cause.REFRESH_INTERRUPTED),
            Map.entry("no_refresh_token", Cause.ACCESS_TOKEN_EXPIRED_NO_REFRESH),
            Map.entry("unknown_provider", Cause.PROVIDER_NOT_CONFIGURED),
            Map.entry("provider_url_refused", Cause.PROVIDER_URL_REFUSED),
            Map.entry(CONNECTION_CONFIG_CODE, Cause.CONNECTION_CONFIG_INVALID),
            Map.entry("internal_error", Cause.INTERNAL_ERROR));

    private CodeCauses() {}

    /**
     * The usual cause of {@code code}: a code that is itself a cause's code names that cause; an unknown code (an
     * error expression's own) is a provider answer Tokenkeeper does not know.
     */
    static Cause usualCause(String code) {
        Cause usual = USUAL.get(code);
        if (usual != null) {
            return usual;
        }
        if (code != null && code.startsWith("http_5")) {
            return Cause.PROVIDER_OUTAGE;
        }
        return Cause.fromCode(code).orElse(Cause.TOKEN_ANSWER_UNRECOGNIZED);
    }
}
