package dev.tokenkeeper.server.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.refresh.FailureReason;
import org.junit.jupiter.api.Test;

/** How a connect failure's cause is named from the provider's error or the refused exchange. */
class ConnectCausesRulesTest {

    @Test
    void ofAuthorizationError_namesTheUsersRefusal_theRedirectUri_andTheRest() {
        assertThat(ConnectCauses.ofAuthorizationError("access_denied", null)).isEqualTo(Cause.ACCESS_DENIED);
        assertThat(ConnectCauses.ofAuthorizationError("redirect_uri_mismatch", null))
                .isEqualTo(Cause.REDIRECT_URI_MISMATCH);
        assertThat(ConnectCauses.ofAuthorizationError("invalid_request", "Invalid redirect_uri"))
                .isEqualTo(Cause.REDIRECT_URI_MISMATCH);
        assertThat(ConnectCauses.ofAuthorizationError("invalid_request", "missing response_type"))
                .isEqualTo(Cause.AUTHORIZATION_FAILED);
        assertThat(ConnectCauses.ofAuthorizationError("invalid_scope", null)).isEqualTo(Cause.SCOPE_INVALID);
        assertThat(ConnectCauses.ofAuthorizationError("temporarily_unavailable", null))
                .isEqualTo(Cause.PROVIDER_OUTAGE);
        assertThat(ConnectCauses.ofAuthorizationError("authorization_error", null))
                .isEqualTo(Cause.AUTHORIZATION_FAILED);
    }

    @Test
    void ofExchange_namesARefusedCode_keepsConfigAndTransportCauses_andSpotsTheRedirectUri() {
        assertThat(ConnectCauses.ofExchange(refusal("invalid_grant", "code expired")))
                .isEqualTo(Cause.CODE_EXCHANGE_FAILED);
        assertThat(ConnectCauses.ofExchange(refusal("invalid_grant", "redirect_uri does not match")))
                .isEqualTo(Cause.REDIRECT_URI_MISMATCH);
        assertThat(ConnectCauses.ofExchange(refusal("invalid_request", "code_verifier is missing")))
                .isEqualTo(Cause.CODE_EXCHANGE_FAILED);
        assertThat(ConnectCauses.ofExchange(refusal("invalid_client", "bad secret")))
                .isEqualTo(Cause.CLIENT_CREDENTIALS_REJECTED);
        assertThat(ConnectCauses.ofExchange(FailureReason.of("connection_failed", "refused")))
                .isEqualTo(Cause.PROVIDER_UNREACHABLE);
        assertThat(ConnectCauses.ofExchange(FailureReason.of("timeout", "no answer"))).isEqualTo(Cause.TIMEOUT);
        assertThat(ConnectCauses.ofExchange(FailureReason.of("http_404", "redirected to a login page",
                Cause.TOKEN_URL_WRONG))).isEqualTo(Cause.TOKEN_URL_WRONG);
    }

    private static FailureReason refusal(String error, String description) {
        return new FailureReason(error, "refused", 400, error, description, null);
    }
}
