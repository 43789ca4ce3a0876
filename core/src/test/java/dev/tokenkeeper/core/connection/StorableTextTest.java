package dev.tokenkeeper.core.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.connection.ConnectionEvent.RefreshAttempted;
import dev.tokenkeeper.core.refresh.FailureClass;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorableTextTest {
    private static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a\u0000b|a\uFFFDb|1",
        "a\u0000\u0000z|a\uFFFD\uFFFDz|2",
        "x\uD800y|x\uFFFDy|1",
        "x\uDC00|x\uFFFD|1",
        "\uD83D|\uFFFD|1",
        "\uDC00\uD800|\uFFFD\uFFFD|2"})
    void of_replacesNulAndUnpairedSurrogates_withTheReplacementCharacter(String text, String storable, int count) {
        assertThat(StorableText.unstorable(text)).isEqualTo(count);
        assertThat(StorableText.of(text)).isEqualTo(storable);
        assertThat(StorableText.unstorable(StorableText.of(text))).isZero();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "plain", "emoji \uD83D\uDE00 kept", "\uFFFD already", "tab\tand\nnewline"})
    void of_keepsTextThatCanBeStored_asItIs(String text) {
        assertThat(StorableText.unstorable(text)).isZero();
        assertThat(StorableText.of(text)).isSameAs(text);
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 50);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void of_alwaysGivesStorableText_ofTheSameLength_forRandomChars(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        char[] chars = new char[random.nextInt(1, 200)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = random.nextBoolean() ? (char) random.nextInt(0xD700, 0xE000) : (char) random.nextInt(0, 128);
        }
        String text = new String(chars);

        String storable = StorableText.of(text);

        assertThat(storable).hasSameSizeAs(text);
        assertThat(StorableText.unstorable(storable)).isZero();
        assertThat(storable.chars().filter(c -> c == 0)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void refreshAttempted_replacesUnstorableText_andNotesIt(long seed) {
        RefreshAttempted attempt = new RefreshAttempted("c-1", AT, Duration.ofMillis(5), "https://p/token",
                "refresh_token", "client", 503, FailureClass.RETRYABLE, "server_error",
                "{\"error\":\"busy\u0000\"} \uD800", List.of("note \u0000"), seed);

        assertThat(attempt.responseBody()).isEqualTo("{\"error\":\"busy\uFFFD\"} \uFFFD");
        assertThat(attempt.notes()).containsExactly("note \uFFFD", RefreshAttempted.replacedNote(3));
        assertThat(new RefreshAttempted(attempt.connectionId(), attempt.at(), attempt.duration(), attempt.url(),
                attempt.grantType(), attempt.clientId(), attempt.status(), attempt.outcome(), attempt.code(),
                attempt.responseBody(), attempt.notes(), attempt.fence())).as("reading it back adds nothing")
                .isEqualTo(attempt);
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid_grant\u0000", "\uDBFF", "a\u0000\uDC00b"})
    void failureReason_holdsOnlyStorableText_whateverTheProviderSaid(String said) {
        FailureReason reason = new FailureReason(said, said, 400, said, said, said);

        for (String text : List.of(reason.code(), reason.message(), reason.providerError(),
                reason.providerDescription(), reason.providerSubcode())) {
            assertThat(StorableText.unstorable(text)).isZero();
            assertThat(text).contains("\uFFFD");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mac\u0000", "\uD800", "x"})
    void tokenSet_holdsOnlyStorableTypeAndScopes(String said) {
        TokenSet tokens = new TokenSet(Secret.of("access"), null, said, AT, null, List.of(said, "read"), Map.of());

        assertThat(StorableText.unstorable(tokens.tokenType())).isZero();
        assertThat(tokens.scopes()).allSatisfy(scope -> assertThat(StorableText.unstorable(scope)).isZero());
    }
}
