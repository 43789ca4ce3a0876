package dev.tokenkeeper.server.action;

import dev.tokenkeeper.core.action.Action;
import dev.tokenkeeper.core.action.ActionError;
import dev.tokenkeeper.core.action.ActionRequest;
import dev.tokenkeeper.core.action.ActionResponse;
import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.action.ActionStore;
import dev.tokenkeeper.core.action.ClaimedAction;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.provider.ProviderProblems;
import dev.tokenkeeper.server.proxy.ProviderCalls;
import dev.tokenkeeper.server.proxy.ProviderCalls.Answered;
import dev.tokenkeeper.server.proxy.ProviderCalls.Failed;
import dev.tokenkeeper.server.proxy.ProviderCalls.Reply;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run of one claimed action, by the proxy's rules: a fresh token or a hold (a stale connection's provider is not
 * called); an interrupted earlier attempt is resent only when the provider honours an idempotency header, else it
 * ends {@code outcome_unknown}; the sending mark is made durable before the request leaves; an auth failure refreshes
 * once and replays once, and a grant found dead holds the action; a 2xx succeeds, 408, 429, 5xx and no answer are
 * retried with backoff, any other answer fails it with the answer kept.
 */
final class ActionAttempt {
    private static final Set<String> RETRYABLE_PROBLEMS = Set.of("provider_unreachable", "provider_timeout",
            "provider_url_refused");

    /** What the attempt came to, for its log line and metric. */
    record Result(String outcome, Integer status, boolean sent) {}

    private final ActionStore store;
    private final RefreshEngine engine;
    private final ProviderDirectory providers;
    private final ProviderCalls calls;
    private final InstantSource clock;
    private final Backoff backoff;

    ActionAttempt(ActionStore store, RefreshEngine engine, ProviderDirectory providers, ProviderCalls calls,
            InstantSource clock, Backoff backoff) {
        this.store = store;
        this.engine = engine;
        this.providers = providers;
        this.calls = calls;
        this.clock = clock;
        this.backoff = backoff;
    }

    Result run(ClaimedAction claimed) {
        Action action = claimed.action();
        Optional<ProviderConfig> found = providers.find(action.providerKey());
        if (claimed.interruptedAttemptAt() != null && found.map(ProviderConfig::idempotencyHeader).isEmpty()) {
            // Decided before anything else: a hold or a retry would settle the mark and the request be sent again.
            return finish(claimed, ActionState.FAILED, null, error("outcome_unknown", Cause.OUTCOME_UNKNOWN,
                    "the request may have reached the provider when the instance sending it stopped (at "
                            + claimed.interruptedAttemptAt() + "), and the provider has no idempotency_header: it was"
                            + " not sent again"), "outcome_unknown", false);
        }
        TokenAnswer token = engine.freshToken(action.connectionId());
        if (!(token instanceof TokenAnswer.Fresh fresh)) {
            return withoutToken(claimed, token, null);
        }
        if (found.isEmpty() || found.get().apiBaseUrl() == null) {
            return retry(claimed, null, error("proxy_not_configured", null, "the provider '" + action.providerKey()
                    + "' is not configured or has no api_base_url"), false);
        }
        ActionRequest request = action.request();
        ProviderConfig provider;
        URI target;
        try {
            provider = ProviderProblems.forConnection(found.get(), fresh.connection());
            target = ProviderCalls.target(provider.apiBaseUrl(), request.path(), request.query());
        } catch (ApiProblem refused) {
            return finish(claimed, ActionState.FAILED, null, error(refused.code(), null, refused.detail()),
                    "failed", false);
        }
        if (!store.markSending(claimed)) {
            return new Result("lease_lost", null, false);
        }
        return send(claimed, provider, target, headers(action, provider), fresh.tokens().accessToken());
    }

    private Result send(ClaimedAction claimed, ProviderConfig provider, URI target, Map<String, List<String>> headers,
            Secret token) {
        ActionRequest request = claimed.action().request();
        List<Secret> used = new ArrayList<>(List.of(token));
        Reply reply = calls.send(request.method(), target, headers, request.body(), token, provider,
                KeptAnswer.MAX_BODY_BYTES);
        if (reply instanceof Answered first && first.authFailure()) {
            TokenAnswer renewed = engine.refreshIfCurrent(claimed.action().connectionId(), token);
            if (!(renewed instanceof TokenAnswer.Fresh fresh) || fresh.tokens().accessToken().equals(token)) {
                return withoutToken(claimed, renewed, KeptAnswer.of(first, used));
            }
            Secret newer = fresh.tokens().accessToken();
            used.add(newer);
            reply = calls.send(request.method(), target, headers, request.body(), newer, provider,
                    KeptAnswer.MAX_BODY_BYTES);
        }
        return decide(claimed, reply, used);
    }

    private Result decide(ClaimedAction claimed, Reply reply, List<Secret> used) {
        if (reply instanceof Failed failed) {
            ApiProblem problem = failed.problem();
            ActionError error = error(problem.code(), Cause.PROVIDER_API_FAILING, problem.detail());
            return RETRYABLE_PROBLEMS.contains(problem.code()) ? retry(claimed, null, error, true)
                    : finish(claimed, ActionState.FAILED, null, error(problem.code(), null, problem.detail()),
                            "failed", true);
        }
        Answered answer = (Answered) reply;
        ActionResponse kept = KeptAnswer.of(answer, used);
        int status = answer.status();
        if (answer.authFailure()) {
            return finish(claimed, ActionState.FAILED, kept, error("provider_rejected", null, "the provider refused"
                    + " the access token again after a refresh (status " + status + ")"), "failed", true);
        }
        if (status >= 200 && status < 300) {
            return finish(claimed, ActionState.SUCCEEDED, kept, null, "succeeded", true);
        }
        if (status == 429) {
            return retry(claimed, kept, error("provider_throttled", null, "the provider asked to slow down (429)"),
                    true);
        }
        if (status == 408 || status >= 500) {
            return retry(claimed, kept, error("provider_unavailable", Cause.PROVIDER_API_FAILING, "the provider"
                    + " answered " + status + "; the action is retried"), true);
        }
        return finish(claimed, ActionState.FAILED, kept, error("provider_rejected", null, "the provider refused the"
                + " request with status " + status), "failed", true);
    }

    /** No usable token: stale holds, a missing connection fails, a token unavailable for now is retried. */
    private Result withoutToken(ClaimedAction claimed, TokenAnswer answer, ActionResponse kept) {
        boolean sent = kept != null;
        return switch (answer) {
            case TokenAnswer.Stale stale -> {
                ActionError error = error("connection_stale", stale.lastError() == null ? null
                        : stale.lastError().reason().cause(), "the connection is " + stale.state().wireName()
                        + ": the action waits for a reconnect");
                Integer status = kept == null ? null : kept.status();
                yield new Result(store.hold(claimed, error, clock.instant()) ? "held" : "lease_lost", status, sent);
            }
            case TokenAnswer.NotFound missing -> finish(claimed, ActionState.FAILED, kept, error(
                    "connection_not_found", null, "the connection was deleted"), "failed", sent);
            case TokenAnswer.Unavailable unavailable -> retry(claimed, kept, error("token_unavailable",
                    unavailable.reason().cause(), "no usable token now (" + unavailable.reason().code()
                            + "); the action is retried"), sent, Optional.of(Duration.between(clock.instant(),
                            unavailable.retryAt())));
            case TokenAnswer.Fresh fresh -> retry(claimed, kept, error("token_unavailable", null, "the provider"
                    + " refused the access token and no newer one could be had; the action is retried"), sent);
        };
    }

    private Result retry(ClaimedAction claimed, ActionResponse kept, ActionError error, boolean sent) {
        return retry(claimed, kept, error, sent, Optional.empty());
    }

    /** Retries after the backoff, or later when the provider's Retry-After (or the token's next retry) asks. */
    private Result retry(ClaimedAction claimed, ActionResponse kept, ActionError error, boolean sent,
            Optional<Duration> tokenRetry) {
        Instant now = clock.instant();
        int attempts = claimed.action().attempts() + (sent ? 1 : 0);
        Optional<Duration> asked = kept == null ? tokenRetry : backoff.retryAfter(kept.headers(), now);
        Instant at = backoff.next(now, Math.max(attempts, 1), asked, ThreadLocalRandom.current());
        boolean written = store.retryAt(claimed, at, kept, error, now);
        return new Result(written ? "retry" : "lease_lost", kept == null ? null : kept.status(), sent);
    }

    private Result finish(ClaimedAction claimed, ActionState state, ActionResponse kept, ActionError error,
            String outcome, boolean sent) {
        boolean written = store.finish(claimed, state, kept, error, clock.instant());
        return new Result(written ? outcome : "lease_lost", kept == null ? null : kept.status(), sent);
    }

    /**
     * The action's headers, with the provider's idempotency header (when it has one) set to the action's idempotency
     * key, else its id: the same value on every attempt, so a resend is recognised.
     */
    private static Map<String, List<String>> headers(Action action, ProviderConfig provider) {
        Map<String, List<String>> headers = new LinkedHashMap<>(action.request().headers());
        String header = provider.idempotencyHeader();
        if (header != null) {
            headers.keySet().removeIf(name -> name.equalsIgnoreCase(header));
            headers.put(header, List.of(action.idempotencyKey() != null ? action.idempotencyKey() : action.id()));
        }
        return headers;
    }

    private static ActionError error(String code, Cause cause, String message) {
        return new ActionError(code, cause, message);
    }
}
