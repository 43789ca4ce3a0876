package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent.RefreshAttempted;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.port.TokenRequest;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the redacted record of a refresh attempt and its log line. */
final class AttemptRecords {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshEngine.class);
    private static final int MAX_BODY = 2_000;

    private AttemptRecords() {}

    static RefreshAttempted of(String connectionId, long fence, TokenRequest request, TokenEndpointReply reply,
            RefreshOutcome outcome) {
        Integer status = reply instanceof TokenEndpointReply.HttpReply http ? http.status() : null;
        FailureClass failureClass = outcome.failureClass();
        List<String> notes = outcome instanceof RefreshOutcome.Refreshed refreshed ? refreshed.notes() : List.of();
        return new RefreshAttempted(connectionId, reply.sentAt(), reply.elapsed(), request.url().toString(),
                request.grantType(), request.clientId(), status, failureClass, code(outcome),
                responseBody(request, reply, outcome), notes, fence);
    }

    static void log(Connection connection, ProviderConfig provider, RefreshAttempted attempt, boolean committed) {
        LOG.info("refresh_attempt connection={} provider={} status={} outcome={} code={} duration_ms={} fence={}"
                        + " committed={}",
                connection.id(), provider.key(), attempt.status(),
                attempt.outcome() == null ? "refreshed" : attempt.outcome().wireName(), attempt.code(),
                attempt.duration().toMillis(), attempt.fence(), committed);
    }

    private static String code(RefreshOutcome outcome) {
        return switch (outcome) {
            case RefreshOutcome.Refreshed ignored -> "refreshed";
            case RefreshOutcome.RetryLater retry -> retry.reason().code();
            case RefreshOutcome.NeedsReauth dead -> dead.reason().code();
            case RefreshOutcome.Misconfigured broken -> broken.reason().code();
        };
    }

    /**
     * A success's body holds the new tokens, so only its length is kept; a failure's body is kept redacted (every
     * value under a secret name, every token-looking string, and the secrets this request sent) and cut.
     */
    private static String responseBody(TokenRequest request, TokenEndpointReply reply, RefreshOutcome outcome) {
        return switch (reply) {
            case TokenEndpointReply.TransportFailure failure -> Redactor.cut(withoutSentSecrets(request,
                    Redactor.redactText(failure.kind().name().toLowerCase(Locale.ROOT) + ": " + failure.message())),
                    MAX_BODY);
            case TokenEndpointReply.HttpReply http when outcome instanceof RefreshOutcome.Refreshed ->
                    "(token response: " + http.body().length() + " characters, not kept)";
            case TokenEndpointReply.HttpReply http ->
                    Redactor.cut(withoutSentSecrets(request, Redactor.redactBody(http.body())), MAX_BODY);
        };
    }

    private static String withoutSentSecrets(TokenRequest request, String text) {
        String redacted = text;
        for (Secret secret : sentSecrets(request)) {
            redacted = redacted.replace(secret.reveal(), Redactor.MASK);
        }
        return redacted;
    }

    private static List<Secret> sentSecrets(TokenRequest request) {
        List<Secret> secrets = new ArrayList<>(request.secretParams().values());
        if (request.clientSecret() != null) {
            secrets.add(request.clientSecret());
        }
        return secrets;
    }
}
