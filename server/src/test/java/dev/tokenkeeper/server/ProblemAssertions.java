package dev.tokenkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.server.ApiClient.Answer;

/** Assertions on Tokenkeeper's own problem documents. */
public final class ProblemAssertions {
    private ProblemAssertions() {}

    /** The answer is Tokenkeeper's own problem with this status and code. */
    public static void assertProblem(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("Tokenkeeper-Remote-Error")).isEqualTo("false");
        assertThat(answer.json().path("code").asText()).isEqualTo(code);
    }
}
