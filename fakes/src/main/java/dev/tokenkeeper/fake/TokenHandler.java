package dev.tokenkeeper.fake;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /oauth/token}: latency, injected answers and hangs, then the real decision; every call recorded. */
final class TokenHandler implements Route.Answerer {
    private static final Logger LOG = LoggerFactory.getLogger(TokenHandler.class);

    private final GrantRegistry registry;
    private final QuirkScopes quirks;
    private final TokenGrants grants;
    private final TokenResponses responses;
    private final Observations observations;
    private final Pauses pauses;
    private final InstantSource clock;

    TokenHandler(GrantRegistry registry, QuirkScopes quirks, TokenGrants grants, Observations observations,
            Pauses pauses, InstantSource clock) {
        this.registry = registry;
        this.quirks = quirks;
        this.grants = grants;
        this.responses = new TokenResponses(quirks);
        this.observations = observations;
        this.pauses = pauses;
        this.clock = clock;
    }

    @Override
    public HttpReply answer(HttpExchange exchange) throws IOException {
        TokenCall call = TokenCall.read(exchange, clock.instant(), registry);
        observations.countTokenRequest(call.isRefresh(), call.grantId());
        Answer answer = answer(call);
        String presentedFingerprint = Tokens.fingerprint(call.form().get("refresh_token"));
        observations.record(new TokenRequestRecord(call.receivedAt(), call.grantType(), call.clientId(),
                answer.grantId(), presentedFingerprint, answer.reply().status(), answer.reply().error()));
        LOG.debug("token request grant_type={} client={} grant={} presented={} -> {} {}", call.grantType(),
                call.clientId(), answer.grantId(), presentedFingerprint, answer.reply().status(), answer.reply().error());
        return answer.reply();
    }

    private record Answer(HttpReply reply, String grantId) {}

    private Answer answer(TokenCall call) {
        Duration latency = quirks.resolve(Quirk.TOKEN_LATENCY, call.clientId(), call.grantId());
        Duration spread = quirks.resolve(Quirk.TOKEN_LATENCY_SPREAD, call.clientId(), call.grantId());
        if (spread.isPositive()) {
            latency = latency.plusNanos(ThreadLocalRandom.current().nextLong(spread.toNanos() + 1));
        }
        if (latency.isPositive() && pauses.pause(latency)) {
            return new Answer(HttpReply.DROPPED, call.grantId());
        }
        Injection injection = quirks.pollInjection(call.clientId(), call.grantId());
        if (injection instanceof Injection.Answer injected) {
            return new Answer(injected.reply(), call.grantId());
        }
        if (injection instanceof Injection.Hang hang
                && (pauses.hang(hang.duration()) || hang.then() == AfterHang.DROP)) {
            return new Answer(HttpReply.DROPPED, call.grantId());
        }
        TokenOutcome outcome = grants.decide(call);
        String grantId = outcome.grantId() != null ? outcome.grantId() : call.grantId();
        return new Answer(responses.render(outcome, call.clientId()), grantId);
    }
}
