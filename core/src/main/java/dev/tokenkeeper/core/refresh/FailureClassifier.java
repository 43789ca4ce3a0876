package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.port.TokenEndpointReply.HttpReply;
import dev.tokenkeeper.core.port.TokenEndpointReply.TransportFailure;
import dev.tokenkeeper.core.provider.ErrorExpression;
import dev.tokenkeeper.core.provider.ExpressionResult;
import dev.tokenkeeper.core.provider.ProviderConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies one token-endpoint reply into a {@link RefreshOutcome}, as DESIGN.md's table says: the provider's error
 * expression first, then the default rules. Every retry waits the backoff ({@link Backoff}, at least its floor for
 * this attempt), or the answer's {@code Retry-After} when that is usable ({@link RetryAfter}) and longer: no answer
 * can bring the next attempt closer. All provider text is redacted ({@link Redactor}).
 *
 * <p>Tokenkeeper's codes ({@link FailureReason#code()}):
 * <table>
 *   <caption>codes</caption>
 *   <tr><th>code</th><th>when</th><th>outcome</th></tr>
 *   <tr><td>{@code timeout}</td><td>no complete answer before the deadline</td><td>retry</td></tr>
 *   <tr><td>{@code connection_failed}</td><td>no connection (refused, DNS, TLS)</td><td>retry</td></tr>
 *   <tr><td>{@code io_error}</td><td>the connection broke mid-way</td><td>retry</td></tr>
 *   <tr><td>{@code server_error}</td><td>5xx; or a 2xx error body saying {@code server_error}</td><td>retry</td></tr>
 *   <tr><td>{@code rate_limited}</td><td>429; or a 2xx error body saying {@code ratelimited},
 *       {@code rate_limited}, {@code slow_down}</td><td>retry</td></tr>
 *   <tr><td>{@code temporarily_unavailable}</td><td>a 2xx error body saying so</td><td>retry</td></tr>
 *   <tr><td>{@code http_408}, {@code http_409}, {@code http_423}, {@code http_425}</td><td>those statuses</td>
 *       <td>retry</td></tr>
 *   <tr><td>{@code http_1xx}, {@code http_3xx}</td><td>no final answer (interim, redirect)</td><td>retry</td></tr>
 *   <tr><td>{@code missing_access_token}</td><td>2xx without an access token</td><td>retry</td></tr>
 *   <tr><td>{@code unparsable_response}</td><td>2xx that is no token response</td><td>retry</td></tr>
 *   <tr><td>{@code invalid_client}, {@code unauthorized_client}</td><td>that error in a 4xx or 2xx body</td>
 *       <td>misconfigured</td></tr>
 *   <tr><td>{@code invalid_grant}, {@code invalid_request}, {@code invalid_scope},
 *       {@code unsupported_grant_type}</td><td>that error in a 4xx or 2xx body</td><td>needs reauth</td></tr>
 *   <tr><td>{@code http_<status>}</td><td>any other 4xx</td><td>needs reauth</td></tr>
 *   <tr><td>{@code error_body}</td><td>any other 2xx error body (Slack {@code ok:false})</td><td>needs reauth</td></tr>
 *   <tr><td>the expression's {@code code}</td><td>the provider's error expression gave a verdict (lower case,
 *       other characters as {@code _})</td><td>its {@code class}</td></tr>
 * </table>
 *
 * <p>An error expression that fails (runtime error, limit passed, malformed result) counts as no opinion: the default
 * rules decide, the reason's message says the expression was ignored, and a warning is logged.
 */
public final class FailureClassifier {
    private static final Logger LOG = LoggerFactory.getLogger(FailureClassifier.class);

    private final Backoff backoff;

    public FailureClassifier(Backoff backoff) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /**
     * Classifies a reply as a pure function of its status, headers, body or transport error and the provider's
     * expression.
     *
     * @param attempt the number of consecutive failed attempts before this one (0 for the first)
     * @param random  the source of backoff jitter
     */
    public RefreshOutcome classify(TokenEndpointReply reply, ProviderConfig provider, int attempt,
            RandomGenerator random) {
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(random, "random");
        RefreshOutcome outcome = switch (reply) {
            case TransportFailure failure when failure.kind() == TokenEndpointReply.Kind.REFUSED_URL ->
                    new RefreshOutcome.Misconfigured(transportReason(failure));
            case TransportFailure failure ->
                    new RefreshOutcome.RetryLater(backoff.delay(attempt, random), transportReason(failure));
            case HttpReply http -> classifyHttp(http, provider, attempt, random);
        };
        return notBeforeFloor(outcome, attempt);
    }

    /** The retry as classified, but never sooner than the backoff's floor for this attempt. */
    private RefreshOutcome notBeforeFloor(RefreshOutcome outcome, int attempt) {
        Duration floor = backoff.floor(attempt);
        if (outcome instanceof RefreshOutcome.RetryLater retry && retry.after().compareTo(floor) < 0) {
            return new RefreshOutcome.RetryLater(floor, retry.reason());
        }
        return outcome;
    }

    private RefreshOutcome classifyHttp(HttpReply http, ProviderConfig provider, int attempt, RandomGenerator random) {
        HttpReplyRules rules = new HttpReplyRules(http, () -> backoff.delay(attempt, random));
        ErrorExpression expression = provider.errorExpression();
        if (expression == null) {
            return rules.byDefaultRules(provider.tokenResponse());
        }
        return switch (expression.assess(http.status(), http.headers(), http.body())) {
            case ExpressionResult.Verdict verdict -> rules.byVerdict(verdict.verdict());
            case ExpressionResult.NoOpinion ignored -> rules.byDefaultRules(provider.tokenResponse());
            case ExpressionResult.Failed failed -> {
                LOG.warn("Error expression of provider {} gave no verdict ({}); default rules applied",
                        provider.key(), failed.detail());
                yield noted(rules.byDefaultRules(provider.tokenResponse()), failed.detail());
            }
        };
    }

    private static FailureReason transportReason(TransportFailure failure) {
        String said = Redactor.redactText(Redactor.cut(failure.message(), FailureReason.MAX_TEXT));
        // The host and port are Tokenkeeper's own configuration, outside the redaction (a host named tokens.… is no
        // token); only the exception's words are redacted.
        String endpoint = failure.target() == null ? "the token endpoint" : "the token endpoint " + failure.target();
        String detail = " (" + said + ").";
        return switch (failure.kind()) {
            case TIMEOUT -> FailureReason.of("timeout", capitalized(endpoint) + " did not answer in time" + detail);
            case CONNECT -> FailureReason.of("connection_failed", "Could not connect to " + endpoint + ": the"
                    + " connection was refused or the host is unreachable" + detail);
            case DNS -> FailureReason.of("unknown_host", "The host name of " + endpoint + " does not resolve"
                    + detail);
            case TLS -> FailureReason.of("tls_failed", "The TLS handshake with " + endpoint + " failed" + detail);
            case REFUSED_URL -> FailureReason.of("provider_url_refused", "Tokenkeeper did not call " + endpoint
                    + detail + " Set TOKENKEEPER_ALLOW_PRIVATE_URLS=true for a provider inside your network, or fix"
                    + " token_url.");
            case IO -> FailureReason.of("io_error", "The connection to " + endpoint + " broke" + detail);
        };
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static RefreshOutcome noted(RefreshOutcome outcome, String expressionProblem) {
        String note = " (The error expression was ignored: " + expressionProblem + ".)";
        return switch (outcome) {
            case RefreshOutcome.Refreshed refreshed -> refreshed;
            case RefreshOutcome.RetryLater retry ->
                    new RefreshOutcome.RetryLater(retry.after(), withNote(retry.reason(), note));
            case RefreshOutcome.NeedsReauth reauth -> new RefreshOutcome.NeedsReauth(withNote(reauth.reason(), note));
            case RefreshOutcome.Misconfigured wrong -> new RefreshOutcome.Misconfigured(withNote(wrong.reason(), note));
        };
    }

    private static FailureReason withNote(FailureReason reason, String note) {
        return reason.withCode(reason.code(), reason.message() + note);
    }
}
