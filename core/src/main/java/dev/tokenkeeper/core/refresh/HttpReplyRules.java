package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.port.TokenEndpointReply.HttpReply;
import dev.tokenkeeper.core.provider.ExpressionVerdict;
import dev.tokenkeeper.core.provider.TokenResponseSettings;
import dev.tokenkeeper.core.refresh.RefreshOutcome.Misconfigured;
import dev.tokenkeeper.core.refresh.RefreshOutcome.NeedsReauth;
import dev.tokenkeeper.core.refresh.RefreshOutcome.Refreshed;
import dev.tokenkeeper.core.refresh.RefreshOutcome.RetryLater;
import dev.tokenkeeper.core.token.TokenParse;
import dev.tokenkeeper.core.token.TokenResponseParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** DESIGN.md's classification table, and a provider expression's verdict, applied to one HTTP answer. */
final class HttpReplyRules {
    private static final Logger LOG = LoggerFactory.getLogger(HttpReplyRules.class);
    private static final Set<Integer> RETRYABLE_CLIENT_STATUSES = Set.of(408, 409, 423, 425);

    private final HttpReply http;
    private final ProviderError words;
    private final Supplier<Duration> backoffDelay;

    /**
     * @param backoffDelay the backoff for this attempt; a usable Retry-After can only lengthen it
     */
    HttpReplyRules(HttpReply http, ProviderError words, Supplier<Duration> backoffDelay) {
        this.http = http;
        this.words = words;
        this.backoffDelay = backoffDelay;
    }

    RefreshOutcome byVerdict(ExpressionVerdict verdict) {
        String message = Redactor.redactText(Redactor.cut(verdict.message(), FailureReason.MAX_TEXT));
        FailureReason reason = reason(verdictCode(verdict.code()), message).withCause(verdict.cause());
        return switch (verdict.failureClass()) {
            case RETRYABLE -> retry(reason);
            case NEEDS_REAUTH -> new NeedsReauth(reason);
            case MISCONFIGURED -> new Misconfigured(reason);
        };
    }

    RefreshOutcome byDefaultRules(TokenResponseSettings settings) {
        int status = http.status();
        if (status >= 200 && status <= 299) {
            return success(settings);
        }
        if (status >= 500 && status <= 599) {
            return retry(reason("server_error", "The provider answered HTTP " + status + ", a server error."));
        }
        if (status == 429) {
            return retry(reason("rate_limited", "The provider is rate limiting refreshes (HTTP 429)."));
        }
        if (RETRYABLE_CLIENT_STATUSES.contains(status)) {
            return retry(reason("http_" + status, "The provider answered HTTP " + status + ", worth retrying."));
        }
        if (status >= 400 && status <= 499) {
            return byErrorCode("http_" + status);
        }
        // 1xx and 3xx are no final answer to a token POST (redirects are not followed with credentials): a proxy or
        // a moved endpoint is in the way, which proves nothing about the grant, so keep it and try again later.
        return retry(reason("http_" + status, "The provider answered HTTP " + status
                + ", which is no final answer to a token request."));
    }

    private RefreshOutcome success(TokenResponseSettings settings) {
        return switch (parse(settings)) {
            case TokenParse.Parsed parsed when !parsed.tokens().accessToken().reveal().isBlank() ->
                    new Refreshed(parsed.tokens(), parsed.notes());
            case TokenParse.Parsed ignored -> missingAccessToken();
            case TokenParse.Rejected rejected when rejected.code().equals("error_body") -> byErrorCode("error_body");
            case TokenParse.Rejected rejected when rejected.code().equals("missing_access_token") ->
                    missingAccessToken();
            case TokenParse.Rejected ignored -> retry(reason("unparsable_response", "The provider answered HTTP "
                    + http.status() + " with a body that is not a token response."));
        };
    }

    private TokenParse parse(TokenResponseSettings settings) {
        try {
            return TokenResponseParser.parse(http.header("content-type").orElse(null), http.body(), http.sentAt(),
                    settings);
        } catch (RuntimeException e) {
            // A parser bug must not pass for a refresh nor crash classification; its message may quote the body.
            LOG.error("Token response parser failed with {}; the answer counts as unparsable", e.getClass().getName());
            return new TokenParse.Rejected("unparsable", "the parser failed");
        }
    }

    private RefreshOutcome missingAccessToken() {
        return retry(reason("missing_access_token", "The provider answered HTTP " + http.status()
                + " without an access token."));
    }

    /** A 4xx, or an error body on 2xx, read by the provider's error code. */
    private RefreshOutcome byErrorCode(String fallbackCode) {
        String providerCode = words.error();
        if (ProviderErrorCodes.isMisconfiguration(providerCode)) {
            String code = ProviderErrorCodes.standardCode(providerCode).orElseThrow();
            return new Misconfigured(reason(code, "The provider rejected the client (" + code
                    + "): fix the provider config."));
        }
        if (http.status() < 300) {
            var transientCode = ProviderErrorCodes.transientCode(providerCode);
            if (transientCode.isPresent()) {
                return retry(reason(transientCode.get(), "The provider reported a temporary failure ("
                        + transientCode.get() + ")."));
            }
        }
        String code = ProviderErrorCodes.standardCode(providerCode).orElse(fallbackCode);
        return new NeedsReauth(reason(code, "The provider refused the refresh (HTTP " + http.status() + ", " + code
                + "): the user must reconnect."));
    }

    /** Waits the backoff, or the answer's Retry-After when that is longer: never less than the backoff. */
    private RetryLater retry(FailureReason reason) {
        Duration backoff = backoffDelay.get();
        Duration retryAfter = RetryAfter.parse(http.header("retry-after").orElse(null), receivedAt()).orElse(backoff);
        return new RetryLater(retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff, reason);
    }

    private Instant receivedAt() {
        try {
            return http.sentAt().plus(http.elapsed());
        } catch (DateTimeException | ArithmeticException e) {
            return http.sentAt();
        }
    }

    private FailureReason reason(String code, String message) {
        return new FailureReason(code, message, http.status(), words.error(), words.description(), words.subcode());
    }

    /** A verdict's code as a plain identifier: redacted, lower case, other characters as '_', at most 64 long. */
    private static String verdictCode(String code) {
        String redacted = Redactor.redactText(Redactor.cut(code, FailureReason.MAX_TEXT));
        String plain = redacted.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.:-]+", "_").replaceAll("^_+|_+$", "");
        plain = plain.length() <= 64 ? plain : plain.substring(0, 64);
        return plain.isEmpty() ? "expression_verdict" : plain;
    }
}
