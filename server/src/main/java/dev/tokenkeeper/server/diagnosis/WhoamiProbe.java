package dev.tokenkeeper.server.diagnosis;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.CurrentCause;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.WhoamiCheck;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.Redactor;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.diagnosis.WhoamiReading.Kind;
import dev.tokenkeeper.server.http.ApiProblem;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The whoami step of a diagnosis: calls the provider's whoami with the connection's token and reads the answer. When
 * the API refuses a token that looks fine, it refreshes once (single flight, as the proxy does) and calls again before
 * concluding: refused again right after a refresh means the API does not know this token endpoint's tokens
 * ({@code api_base_url_wrong}); accepted means the old token had died early at the API; a failed refresh names the
 * refresh's cause. At most one refresh and two calls.
 */
final class WhoamiProbe {
    /** The most characters of a whoami answer quoted as evidence. */
    static final int MAX_QUOTE = 300;

    private final WhoamiClient client;
    private final RefreshEngine engine;
    private final StoredCause stored;
    private final InstantSource clock;

    /** One call's conclusion; {@code kind} is null when no answer came. */
    private record Judged(Kind kind, Verdict verdict) {}

    WhoamiProbe(WhoamiClient client, RefreshEngine engine, StoredCause stored, InstantSource clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.stored = Objects.requireNonNull(stored, "stored");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The verdict of the whoami step for an active connection whose token looks usable. */
    Verdict run(ProviderConfig provider, Connection connection, Inquiry inquiry) {
        WhoamiCheck whoami = provider.whoami();
        if (whoami == null || provider.apiBaseUrl() == null) {
            inquiry.check(Check.skip(Check.WHOAMI, "the provider config has no whoami call (or no api_base_url)"));
            return Verdict.working(Cause.NONE, null);
        }
        URI url = URI.create(provider.apiBaseUrl().toString().replaceAll("/+$", "") + whoami.path());
        Judged first = call(provider, url, connection.tokens().accessToken(), Check.WHOAMI, inquiry);
        return first.kind() == Kind.TOKEN_REFUSED ? afterRefusal(provider, url, connection, inquiry) : first.verdict();
    }

    private Verdict afterRefusal(ProviderConfig provider, URI url, Connection connection, Inquiry inquiry) {
        Secret refused = connection.tokens().accessToken();
        TokenAnswer renewed = engine.refreshIfCurrent(connection.id(), refused);
        Instant now = clock.instant();
        return switch (renewed) {
            case TokenAnswer.NotFound missing -> throw ApiProblem.notFound("connection", missing.connectionId());
            case TokenAnswer.Stale stale -> {
                inquiry.check(Check.fail(Check.REFRESH, "the API refused the token; the refresh that followed made"
                        + " the connection " + stale.state().wireName()));
                yield fromStore(connection.id(), Cause.GRANT_INVALID, inquiry);
            }
            case TokenAnswer.Unavailable unavailable -> {
                inquiry.check(Check.fail(Check.REFRESH, "the API refused the token; no refresh now: "
                        + unavailable.reason().code() + " — " + unavailable.reason().message() + "; retry at "
                        + unavailable.retryAt()));
                yield fromStore(connection.id(), unavailable.reason().cause(), inquiry);
            }
            case TokenAnswer.Fresh fresh when fresh.tokens().accessToken().equals(refused) ->
                    notRefreshed(provider, url, fresh.connection(), now, inquiry);
            case TokenAnswer.Fresh fresh -> refreshed(provider, url, connection, fresh.connection(), inquiry);
        };
    }

    /** The engine kept the refused token: it was refreshed moments ago, or a retryable failure backs off. */
    private Verdict notRefreshed(ProviderConfig provider, URI url, Connection current, Instant now,
            Inquiry inquiry) {
        Instant refreshedAt = current.lastRefreshedAt();
        if (refreshedAt != null && now.isBefore(refreshedAt.plus(RefreshEngine.REJECTION_GRACE))) {
            inquiry.check(Check.skip(Check.REFRESH, "not refreshed again: the refused token was refreshed at "
                    + refreshedAt + ", less than " + RefreshEngine.REJECTION_GRACE.toSeconds() + " s ago"));
            inquiry.evidence(now, Evidence.WHOAMI, "a token refreshed at " + refreshedAt + " from "
                    + provider.refreshEndpoint() + " was refused by " + url + ": the API does not know tokens from"
                    + " this token endpoint (a wrong environment or region)");
            return Verdict.failing(Cause.API_BASE_URL_WRONG, null);
        }
        inquiry.check(Check.skip(Check.REFRESH, "not refreshed now: a retryable failure backs off until "
                + current.nextRefreshAt()));
        return fromStore(current.id(), Cause.PROVIDER_API_FAILING, inquiry);
    }

    private Verdict refreshed(ProviderConfig provider, URI url, Connection before, Connection after,
            Inquiry inquiry) {
        inquiry.check(Check.pass(Check.REFRESH, "refreshed once after the refusal; the new token is valid "
                + (after.tokens().expiresAt() == null ? "(expiry unknown)" : "until " + after.tokens().expiresAt())));
        Judged second = call(provider, url, after.tokens().accessToken(), Check.WHOAMI_AFTER_REFRESH, inquiry);
        Instant now = clock.instant();
        if (second.kind() == Kind.ACCEPTED) {
            inquiry.evidence(now, Evidence.WHOAMI, "the API refused the token it had accepted before"
                    + (before.tokens().expiresAt() == null ? "" : " (valid until " + before.tokens().expiresAt()
                            + " by its stated expiry)")
                    + " and accepted the refreshed one: the old token had expired or been revoked at the API");
            return Verdict.working(Cause.ACCESS_TOKEN_EXPIRED, null);
        }
        if (second.kind() == Kind.TOKEN_REFUSED) {
            inquiry.evidence(now, Evidence.WHOAMI, "a token refreshed at " + after.lastRefreshedAt() + " from "
                    + provider.refreshEndpoint() + " was refused at once by " + url + ": the API does not know"
                    + " tokens from this token endpoint (a wrong environment or region)");
            return Verdict.failing(Cause.API_BASE_URL_WRONG, null);
        }
        return second.verdict();
    }

    /** The stored cause after a refresh that failed; {@code fallback} when the store names none. */
    private Verdict fromStore(String connectionId, Cause fallback, Inquiry inquiry) {
        CurrentCause current = stored.ofStored(connectionId, inquiry);
        return current.cause() == Cause.NONE ? Verdict.failing(fallback, null)
                : Verdict.failing(current.cause(), current.since());
    }

    /** Calls whoami once and records its check and evidence. */
    private Judged call(ProviderConfig provider, URI url, Secret token, String checkName, Inquiry inquiry) {
        String method = provider.whoami().method();
        Instant at = clock.instant();
        return switch (client.call(url, method, token)) {
            case WhoamiAnswer.NotSent notSent -> {
                inquiry.check(Check.fail(checkName, "not called: " + notSent.why()));
                inquiry.evidence(at, Evidence.WHOAMI, method + " " + url + " was not called: " + notSent.why());
                yield new Judged(null, Verdict.failing(Cause.PROVIDER_URL_REFUSED, null));
            }
            case WhoamiAnswer.Failed failed -> {
                inquiry.check(Check.fail(checkName, method + " " + url + " failed: " + failed.why()));
                inquiry.evidence(at, Evidence.WHOAMI, "cannot reach " + url.getHost() + " (" + failed.why() + ")"
                        + (failed.hostUnknown() ? ": the host of api_base_url does not resolve" : ""));
                yield new Judged(null, Verdict.failing(failed.hostUnknown() ? Cause.API_BASE_URL_WRONG
                        : Cause.PROVIDER_API_FAILING, null));
            }
            case WhoamiAnswer.Answered answered -> judge(provider, answered, method, checkName, at, inquiry);
        };
    }

    private static Judged judge(ProviderConfig provider, WhoamiAnswer.Answered answered, String method,
            String checkName, Instant at, Inquiry inquiry) {
        WhoamiReading reading = WhoamiReading.of(provider, answered);
        String what = method + " " + answered.url() + " answered " + answered.status();
        inquiry.check(reading.kind() == Kind.ACCEPTED ? Check.pass(checkName, what)
                : Check.fail(checkName, what + ": " + reading.detail()));
        if (reading.kind() == Kind.ACCEPTED) {
            return new Judged(reading.kind(), Verdict.working(Cause.NONE, null));
        }
        inquiry.evidence(at, Evidence.WHOAMI, what + ": " + reading.detail());
        // A challenge names the realm and the error, never a credential (the client masked our token anyway).
        answered.header("WWW-Authenticate").ifPresent(challenge -> inquiry.evidence(at, Evidence.WHOAMI,
                "WWW-Authenticate: " + Redactor.cut(challenge, MAX_QUOTE)));
        if (!answered.body().isBlank()) {
            inquiry.evidence(at, Evidence.WHOAMI, "the answer: "
                    + Redactor.cut(Redactor.redactBody(answered.body()), MAX_QUOTE)
                    + (answered.truncated() ? " (read up to " + WhoamiClient.MAX_BODY_BYTES + " bytes)" : ""));
        }
        return new Judged(reading.kind(), Verdict.failing(causeOf(reading.kind()), null));
    }

    private static Cause causeOf(Kind kind) {
        return switch (kind) {
            case ACCEPTED -> Cause.NONE;
            case TOKEN_REFUSED -> Cause.API_BASE_URL_WRONG;
            case INSUFFICIENT_SCOPE -> Cause.INSUFFICIENT_SCOPE;
            case AUTH_STATUS_UNLISTED -> Cause.AUTH_FAILURE_STATUSES_WRONG;
            case ERROR_IN_BODY -> Cause.API_ERROR_IN_BODY;
            case NOT_FOUND -> Cause.API_BASE_URL_WRONG;
            case API_FAILING -> Cause.PROVIDER_API_FAILING;
        };
    }
}
