package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.cause.Cause;
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
    /** Statuses that say the URL is no token endpoint at all (not found, wrong method, gone). */
    private static final Set<Integer> NOT_A_TOKEN_ENDPOINT_STATUSES = Set.of(404, 405, 410);

    private final HttpReply http;
    /** The provider's own error words, read from the body on first use: a token response never needs them. */
    private ProviderError words;
    private final Supplier<Duration> backoffDelay;

    /**
     * @param backoffDelay the backoff for this attempt; a usable Retry-After can only lengthen it
     */
    HttpReplyRules(HttpReply http, Supplier<Duration> backoffDelay) {
        this.http = http;
        this.backoffDelay = backoffDelay;
    }

    private ProviderError words() {
        if (words == null) {
            words = ProviderError.read(http.header("content-type").orElse(null), http.body());
        }
        return words;
    }

    RefreshOutcome byVerdict(ExpressionVerdict verdict) {
        String message = Redactor.redactText(Redactor.cut(verdict.message(), FailureReason.MAX_TEXT));
        String code = verdictCode(verdict.code());
        Cause cause = verdict.cause() != null ? verdict.cause()
                : causeOfVerdict(verdict.failureClass(), code, message);
        FailureReason reason = reason(code, message, cause);
        return switch (verdict.failureClass()) {
            case RETRYABLE -> retry(reason);
            case NEEDS_REAUTH -> new NeedsReauth(reason);
            case MISCONFIGURED -> new Misconfigured(reason);
        };
    }

    /**
     * The cause of an expression's verdict that names none: its code's usual cause when that fits the verdict's
     * class, else the class's own reading (a dead grant's words, an unknown answer, an outage).
     */
    private Cause causeOfVerdict(FailureClass failureClass, String code, String message) {
        Cause usual = CodeCauses.usualCause(code);
        return switch (failureClass) {
            case NEEDS_REAUTH -> usual.zone() == Cause.Zone.GRANT ? usual
                    : GrantWords.causeOf(new ProviderError(code, message, words().subcode()));
            case MISCONFIGURED -> usual.zone() == Cause.Zone.PROVIDER_CONFIG ? usual : Cause.TOKEN_ANSWER_UNRECOGNIZED;
            case RETRYABLE -> usual.zone() == Cause.Zone.TOKEN_ENDPOINT ? usual : Cause.PROVIDER_OUTAGE;
        };
    }

    RefreshOutcome byDefaultRules(TokenResponseSettings settings) {
        int status = http.status();
        if (status >= 200 && status <= 299) {
            return success(settings);
        }
        if (status >= 500 && status <= 599) {
            return retry(reason("server_error", "The provider answered HTTP " + status + ", a server error.",
                    Cause.PROVIDER_OUTAGE));
        }
        if (status == 429) {
            return retry(reason("rate_limited", "The provider is rate limiting refreshes (HTTP 429).",
                    Cause.RATE_LIMITED));
        }
        if (RETRYABLE_CLIENT_STATUSES.contains(status)) {
            return retry(reason("http_" + status, "The provider answered HTTP " + status + ", worth retrying.",
                    Cause.PROVIDER_OUTAGE));
        }
        if (NOT_A_TOKEN_ENDPOINT_STATUSES.contains(status)) {
            return notATokenEndpoint("answered HTTP " + status + pageNote());
        }
        if (status >= 300 && status <= 399) {
            // Redirects are not followed with credentials: a token endpoint never redirects, a moved or mistyped URL
            // or a sign-in page does.
            return notATokenEndpoint("answered HTTP " + status + " (a redirect" + http.header("location")
                    .map(to -> " to " + Redactor.redactText(Redactor.cut(to, 200))).orElse("") + ")");
        }
        if (status >= 400 && status <= 499) {
            return byErrorCode("http_" + status);
        }
        return retry(reason("http_" + status, "The provider answered HTTP " + status
                + ", which is no final answer to a token request.", Cause.PROVIDER_OUTAGE));
    }

    private RefreshOutcome success(TokenResponseSettings settings) {
        return switch (parse(settings)) {
            case TokenParse.Parsed parsed when !parsed.tokens().accessToken().reveal().isBlank() ->
                    new Refreshed(parsed.tokens(), parsed.notes());
            case TokenParse.Parsed ignored -> missingAccessToken();
            case TokenParse.Rejected rejected when rejected.code().equals("error_body") -> byErrorCode("error_body");
            case TokenParse.Rejected rejected when rejected.code().equals("missing_access_token") ->
                    missingAccessToken();
            case TokenParse.Rejected ignored when looksLikePage() ->
                    notATokenEndpoint("answered HTTP " + http.status() + pageNote());
            case TokenParse.Rejected ignored -> retry(reason("unparsable_response", "The provider answered HTTP "
                    + http.status() + " with a body that is not a token response.", Cause.TOKEN_ANSWER_INCOMPLETE));
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
                + " without an access token.", Cause.TOKEN_ANSWER_INCOMPLETE));
    }

    /** An answer no OAuth token endpoint gives: the configured URL is not the provider's token endpoint. */
    private RefreshOutcome notATokenEndpoint(String what) {
        return new Misconfigured(reason("token_url_wrong", "The token endpoint " + what
                + ", which no OAuth token endpoint does: fix token_url.", Cause.TOKEN_URL_WRONG));
    }

    /** True when the body is an HTML page (a sign-in page, a proxy's or a web server's error page). */
    private boolean looksLikePage() {
        String type = http.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        String head = http.body().stripLeading();
        return type.contains("html") || head.startsWith("<");
    }

    /** " with an HTML sign-in page (“title”)" when the body is a page, else "". */
    private String pageNote() {
        if (!looksLikePage()) {
            return "";
        }
        String lower = http.body().toLowerCase(Locale.ROOT);
        boolean signIn = lower.contains("type=\"password\"") || lower.contains("type='password'")
                || lower.contains("sign in") || lower.contains("log in") || lower.contains("login");
        String title = words().description() == null ? "" : " (“" + words().description() + "”)";
        return " with an HTML " + (signIn ? "sign-in page" : "page") + title;
    }

    /** A 4xx, or an error body on 2xx, read by the provider's error code: only a dead grant asks the user. */
    private RefreshOutcome byErrorCode(String fallbackCode) {
        String providerCode = words().error();
        var transientCode = ProviderErrorCodes.transientCode(providerCode);
        if (transientCode.isPresent()) {
            return retry(reason(transientCode.get(), "The provider reported a temporary failure ("
                    + transientCode.get() + ").", null));
        }
        boolean aboutTheClient = ProviderErrorCodes.standardCode(providerCode)
                .filter(code -> code.equals("invalid_client") || code.equals("unauthorized_client")).isPresent();
        if (GrantWords.saysGrantIsDead(providerCode) || !aboutTheClient && GrantWords.saysRefreshTokenIsDead(words())) {
            Cause cause = GrantWords.causeOf(words());
            String code = ProviderErrorCodes.standardCode(providerCode)
                    .orElse(providerCode == null ? fallbackCode : verdictCode(providerCode));
            return new NeedsReauth(reason(code, "The provider refused the refresh token (HTTP " + http.status()
                    + ", " + code + "): " + cause.summary() + " The user must reconnect.", cause));
        }
        var standard = ProviderErrorCodes.standardCode(providerCode);
        if (standard.isPresent()) {
            Cause cause = ProviderErrorCodes.configCause(standard.get(), words());
            return new Misconfigured(reason(standard.get(), "The provider refused the request (HTTP " + http.status()
                    + ", " + standard.get() + "): " + cause.summary() + " " + cause.fix(), cause));
        }
        if (http.status() == 401) {
            // RFC 6749 §5.2: a token endpoint answers 401 when client authentication failed.
            return new Misconfigured(reason("invalid_client", "The token endpoint answered HTTP 401 without an OAuth"
                    + " error: it did not accept the client's credentials.", Cause.CLIENT_CREDENTIALS_REJECTED));
        }
        String said = providerCode == null ? "" : " (“" + providerCode + "”)";
        return new Misconfigured(reason(providerCode == null ? fallbackCode : verdictCode(providerCode),
                "The token endpoint answered HTTP " + http.status() + " with an error that is not OAuth's" + said
                        + pageNote() + ": check token_url, or teach Tokenkeeper this provider's errors with"
                        + " error_expression.", Cause.TOKEN_ANSWER_UNRECOGNIZED));
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
        return reason(code, message, null);
    }

    private FailureReason reason(String code, String message, Cause cause) {
        return new FailureReason(code, message, http.status(), words().error(), words().description(), words().subcode(),
                cause);
    }


    /** A verdict's code as a plain identifier: redacted, lower case, other characters as '_', at most 64 long. */
    private static String verdictCode(String code) {
        String redacted = Redactor.redactText(Redactor.cut(code, FailureReason.MAX_TEXT));
        String plain = redacted.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.:-]+", "_").replaceAll("^_+|_+$", "");
        plain = plain.length() <= 64 ? plain : plain.substring(0, 64);
        return plain.isEmpty() ? "expression_verdict" : plain;
    }
}
