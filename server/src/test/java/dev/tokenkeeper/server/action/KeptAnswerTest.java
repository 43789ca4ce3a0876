package dev.tokenkeeper.server.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.action.ActionResponse;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.proxy.ProviderCalls;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What of a provider's answer an action keeps: no cookie or credential header, no access token anywhere. */
class KeptAnswerTest {
    private static final Secret TOKEN = Secret.of("at_0123456789abcdefghij");

    @Test
    void of_dropsCookieAndCredentialHeaders_andLowerCasesNames() {
        ActionResponse kept = KeptAnswer.of(answer(Map.of("Set-Cookie", List.of("s=1"), "X-Api-Key", List.of("k"),
                "Authorization", List.of("Bearer x"), "X-Request-Id", List.of("r-1")), "ok", false), List.of(TOKEN));

        assertThat(kept.headers()).containsOnlyKeys("x-request-id");
    }

    @Test
    void of_redactsEveryTokenItWasSentWith_inHeadersAndBody() {
        Secret second = Secret.of("at_second_token_value");
        ActionResponse kept = KeptAnswer.of(answer(Map.of("X-Echo", List.of("t=" + second.reveal())),
                "a " + TOKEN.reveal() + " b " + second.reveal(), false), List.of(TOKEN, second));

        assertThat(new String(kept.body(), StandardCharsets.UTF_8)).isEqualTo("a [REDACTED] b [REDACTED]");
        assertThat(kept.headers().get("x-echo")).containsExactly("t=[REDACTED]");
    }

    @Test
    void of_redactsTheStartOfATokenCutOffByTheBound() {
        String cut = "answer: " + TOKEN.reveal().substring(0, 12);

        ActionResponse kept = KeptAnswer.of(answer(Map.of(), cut, true), List.of(TOKEN));

        assertThat(new String(kept.body(), StandardCharsets.UTF_8)).isEqualTo("answer: [REDACTED]");
        assertThat(kept.bodyTruncated()).isTrue();
    }

    private static ProviderCalls.Answered answer(Map<String, List<String>> headers, String body, boolean truncated) {
        return new ProviderCalls.Answered(200, headers, body.getBytes(StandardCharsets.UTF_8), truncated, false);
    }
}
