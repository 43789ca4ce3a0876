package dev.tokenkeeper.server.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.provider.BoundedJson;
import dev.tokenkeeper.core.provider.ErrorExpression;
import dev.tokenkeeper.core.provider.ExpressionResult;
import dev.tokenkeeper.core.provider.ExpressionVerdict;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.FailureClass;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a whoami answer says about the token, read as an expert reads it: the provider's error expression first, then
 * {@code WWW-Authenticate} and the body for a missing scope, the provider's {@code auth_failure_statuses}, a body that
 * says the token expired under a status the config does not list, and a success status whose body says
 * {@code "ok": false} (never a working connection).
 *
 * @param kind   what the answer means
 * @param detail why, in words (the expression's verdict, the words found)
 */
record WhoamiReading(Kind kind, String detail) {
    /** What a whoami answer means. */
    enum Kind {
        /** The API accepted the token. */
        ACCEPTED,
        /** The API refused the token as invalid or expired. */
        TOKEN_REFUSED,
        /** The API refused the token for lack of a scope or permission. */
        INSUFFICIENT_SCOPE,
        /** The API said the token expired with a status the provider config does not list as an auth failure. */
        AUTH_STATUS_UNLISTED,
        /** A success status with an error in the body that nothing in the config recognises. */
        ERROR_IN_BODY,
        /** The whoami path does not exist at {@code api_base_url} (404, 405, 410): the URL is wrong. */
        NOT_FOUND,
        /** The API failed (5xx, 429, a status that says nothing about the token). */
        API_FAILING
    }

    private static final Pattern SCOPE_WORDS = Pattern.compile(
            "(?i)insufficient[_ ](scope|permission)|missing[_ ]scopes?\\b|scopes?[_ ](missing|required)");
    private static final Pattern SCOPE_CHALLENGE = Pattern.compile("(?i)error\\s*=\\s*\"?insufficient_scope");
    private static final Pattern EXPIRED_WORDS = Pattern.compile(
            "(?i)invalid[_ ]token|expired[_ ]token|token[_ ](expired|revoked)|token (has|is) expired|\\bexpired\\b");

    WhoamiReading {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    static WhoamiReading of(ProviderConfig provider, WhoamiAnswer.Answered answer) {
        int status = answer.status();
        String challenge = answer.header("WWW-Authenticate").orElse("");
        if (isError(status, answer.body()) && (SCOPE_CHALLENGE.matcher(challenge).find()
                || SCOPE_WORDS.matcher(answer.body()).find())) {
            return new WhoamiReading(Kind.INSUFFICIENT_SCOPE, "the answer names a missing scope or permission");
        }
        ErrorExpression expression = provider.errorExpression();
        if (expression != null) {
            ExpressionResult result = expression.assess(status, answer.headers(), answer.body());
            if (result instanceof ExpressionResult.Verdict verdict) {
                return byExpression(verdict.verdict());
            }
        }
        if (provider.authFailureStatuses().contains(status)) {
            return new WhoamiReading(Kind.TOKEN_REFUSED, "HTTP " + status + " is in auth_failure_statuses "
                    + provider.authFailureStatuses());
        }
        if (status >= 200 && status < 300) {
            return okFalse(answer.body())
                    ? new WhoamiReading(Kind.ERROR_IN_BODY, "HTTP " + status + " with \"ok\": false in the body, which"
                            + (expression == null ? " no error_expression reads" : " the error_expression ignores"))
                    : new WhoamiReading(Kind.ACCEPTED, "HTTP " + status);
        }
        boolean saysExpired = EXPIRED_WORDS.matcher(challenge).find() || EXPIRED_WORDS.matcher(answer.body()).find();
        if (status == 401 || (status == 403 && saysExpired)) {
            return new WhoamiReading(Kind.AUTH_STATUS_UNLISTED, "HTTP " + status + " says the token is invalid or"
                    + " expired, but auth_failure_statuses is " + provider.authFailureStatuses());
        }
        if (status == 404 || status == 405 || status == 410) {
            return new WhoamiReading(Kind.NOT_FOUND, "HTTP " + status + ": the whoami path " + answer.url().getPath()
                    + " does not exist there; api_base_url (or whoami.path) is wrong");
        }
        return new WhoamiReading(Kind.API_FAILING, "HTTP " + status + " says nothing about the token");
    }

    private static WhoamiReading byExpression(ExpressionVerdict verdict) {
        String said = "the error_expression classed it " + verdict.failureClass().wireName() + ": " + verdict.code()
                + (verdict.message().equals(verdict.code()) ? "" : " (" + verdict.message() + ")");
        if (verdict.failureClass() == FailureClass.NEEDS_REAUTH) {
            return new WhoamiReading(Kind.TOKEN_REFUSED, said);
        }
        return new WhoamiReading(Kind.API_FAILING, said);
    }

    private static boolean isError(int status, String body) {
        return status >= 400 || okFalse(body);
    }

    /** A Slack-style body: {@code {"ok": false, ...}}. */
    private static boolean okFalse(String body) {
        return BoundedJson.readTree(body).map(tree -> tree.path("ok")).filter(JsonNode::isBoolean)
                .filter(ok -> !ok.asBoolean()).isPresent();
    }
}
