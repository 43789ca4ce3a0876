package dev.tokenkeeper.core.token;

import static dev.tokenkeeper.core.token.TokenResponses.AUTO;
import static dev.tokenkeeper.core.token.TokenResponses.AUTO_TWO_HOURS_DEFAULT;
import static dev.tokenkeeper.core.token.TokenResponses.JSON;
import static dev.tokenkeeper.core.token.TokenResponses.MILLISECONDS;
import static dev.tokenkeeper.core.token.TokenResponses.SECONDS;
import static dev.tokenkeeper.core.token.TokenResponses.SENT_AT;
import static dev.tokenkeeper.core.token.TokenResponses.lifetime;
import static dev.tokenkeeper.core.token.TokenResponses.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.provider.TokenResponseSettings;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenResponseParserExpiryTest {
    private static final long SENT_EPOCH_SECONDS = SENT_AT.getEpochSecond();

    static Stream<Arguments> relativeExpiries() {
        return Stream.of(
                Arguments.of("\"expires_in\":3600", AUTO, Duration.ofHours(1), List.of()),
                Arguments.of("\"expires_in\":\"3600\"", AUTO, Duration.ofHours(1), List.of()),
                Arguments.of("\"expires_in\":\" 3600 \"", AUTO, Duration.ofHours(1), List.of()),
                Arguments.of("\"expires_in\":3600.0", AUTO, Duration.ofHours(1), List.of()),
                Arguments.of("\"expires_in\":\"3600.0\"", AUTO, Duration.ofHours(1), List.of()),
                Arguments.of("\"expires_in\":3600.5", AUTO, Duration.ofMillis(3_600_500), List.of()),
                Arguments.of("\"expires\":3600", AUTO, Duration.ofHours(1), List.of()),
                Arguments.of("\"expires_in\":3600000", MILLISECONDS, Duration.ofHours(1), List.of()),
                Arguments.of("\"expires_in\":3600000", AUTO, Duration.ofHours(1),
                        List.of("expires_in_milliseconds_guessed")),
                Arguments.of("\"expires_in\":3599532", AUTO, Duration.ofMillis(3_599_532),
                        List.of("expires_in_milliseconds_guessed")),
                Arguments.of("\"expires\":\"86400000\"", AUTO, Duration.ofDays(1),
                        List.of("expires_milliseconds_guessed")),
                Arguments.of("\"expires_in\":3600000", SECONDS, Duration.ofSeconds(3_600_000), List.of()),
                Arguments.of("\"expires_in\":999999", AUTO, Duration.ofSeconds(999_999), List.of()),
                Arguments.of("\"expires_in\":1209600", AUTO, Duration.ofDays(14), List.of()),
                Arguments.of("\"expires_in\":2592000", AUTO, Duration.ofDays(30), List.of()),
                Arguments.of("\"expires_in\":7776000", AUTO, Duration.ofDays(90), List.of()),
                Arguments.of("\"expires_in\":8640000", AUTO, Duration.ofDays(100), List.of()),
                Arguments.of("\"expires_in\":8726400", AUTO, Duration.ofMillis(8_726_400),
                        List.of("expires_in_milliseconds_guessed")),
                Arguments.of("\"expires_in\":500", MILLISECONDS, Duration.ofMillis(500), List.of()),
                Arguments.of("\"expires_in\":315569520", SECONDS, Duration.ofSeconds(315_569_520), List.of()));
    }

    @ParameterizedTest
    @MethodSource("relativeExpiries")
    void countsLifetimeFromSentAtInResolvedUnit_whenRelativeExpiryIsValid(
            String field, TokenResponseSettings settings, Duration lifetime, List<String> notes) {
        TokenParse.Parsed parsed = parsed(JSON, "{\"access_token\":\"at\"," + field + "}", settings);

        assertThat(parsed.tokens().issuedAt()).isEqualTo(SENT_AT);
        assertThat(lifetime(parsed)).isEqualTo(lifetime);
        assertThat(parsed.notes()).containsExactlyElementsOf(notes);
    }

    static Stream<Arguments> invalidExpiries() {
        return Stream.of(
                Arguments.of("\"expires_in\":0", List.of("expires_in_invalid")),
                Arguments.of("\"expires_in\":-5", List.of("expires_in_invalid")),
                Arguments.of("\"expires_in\":\"-5\"", List.of("expires_in_invalid")),
                Arguments.of("\"expires_in\":\"abc\"", List.of("expires_in_invalid")),
                Arguments.of("\"expires_in\":\"\"", List.of("expires_in_invalid")),
                Arguments.of("\"expires_in\":\"1e3\"", List.of("expires_in_invalid")),
                Arguments.of("\"expires_in\":true", List.of("expires_in_invalid")),
                Arguments.of("\"expires_in\":{\"seconds\":3600}", List.of("expires_in_invalid")),
                Arguments.of("\"expires_in\":1000000000000000", List.of("expires_in_invalid")),
                Arguments.of("\"expires_in\":1e308", List.of("expires_in_invalid")),
                Arguments.of("\"expires_in\":1e999", List.of("expires_in_invalid")),
                Arguments.of("\"expires_in\":0.0001", List.of("expires_in_invalid")),
                Arguments.of("\"expires_in\":123456789012345678901234567890", List.of("expires_in_invalid")),
                Arguments.of("\"expires\":0", List.of("expires_invalid")),
                Arguments.of("\"expires_at\":" + (SENT_EPOCH_SECONDS - 60),
                        List.of("expires_at_invalid", "expires_at_past")),
                Arguments.of("\"expires_at\":" + SENT_EPOCH_SECONDS,
                        List.of("expires_at_invalid", "expires_at_past")),
                Arguments.of("\"expires_at\":0", List.of("expires_at_invalid")),
                Arguments.of("\"expires_at\":-1", List.of("expires_at_invalid")),
                Arguments.of("\"expires_at\":99999999999", List.of("expires_at_invalid")),
                Arguments.of("\"expires_at\":\"2026-02-28T10:00:00Z\"", List.of("expires_at_invalid")),
                Arguments.of("\"expires_at\":\"2046-03-01T10:00:00Z\"", List.of("expires_at_invalid")),
                Arguments.of("\"expires_at\":\"2026-03-01T11:00:00\"", List.of("expires_at_invalid")),
                Arguments.of("\"expires_at\":\"tomorrow\"", List.of("expires_at_invalid")),
                Arguments.of("\"expires_at\":9223372036854775807000", List.of("expires_at_invalid")));
    }

    @ParameterizedTest
    @MethodSource("invalidExpiries")
    void leavesExpiryUnknownWithNote_whenOnlyExpiryIsInvalidAndNoDefaultTtl(String field, List<String> notes) {
        TokenParse.Parsed parsed = parsed(JSON, "{\"access_token\":\"at\"," + field + "}", AUTO);

        assertThat(parsed.tokens().expiresAt()).isNull();
        assertThat(parsed.notes()).containsExactlyElementsOf(notes);
    }

    @ParameterizedTest
    @MethodSource("invalidExpiries")
    void usesDefaultTtlWithNotes_whenOnlyExpiryIsInvalid(String field, List<String> notes) {
        TokenParse.Parsed parsed = parsed(JSON, "{\"access_token\":\"at\"," + field + "}", AUTO_TWO_HOURS_DEFAULT);

        assertThat(lifetime(parsed)).isEqualTo(Duration.ofHours(2));
        assertThat(parsed.notes()).containsExactlyElementsOf(
                Stream.concat(notes.stream(), Stream.of("expiry_from_default_ttl")).toList());
    }

    @Test
    void leavesExpiryUnknownWithoutNote_whenNoExpiryAndNoDefaultTtl() {
        TokenParse.Parsed parsed = parsed("{\"access_token\":\"at\"}");

        assertThat(parsed.tokens().expiresAt()).isNull();
        assertThat(parsed.notes()).isEmpty();
    }

    @Test
    void usesDefaultTtl_whenNoExpiryIsStated() {
        TokenParse.Parsed parsed = parsed(JSON, "{\"access_token\":\"at\"}", AUTO_TWO_HOURS_DEFAULT);

        assertThat(parsed.tokens().expiresAt()).isEqualTo(SENT_AT.plus(Duration.ofHours(2)));
        assertThat(parsed.notes()).containsExactly("expiry_from_default_ttl");
    }

    static Stream<Arguments> absoluteExpiries() {
        long inOneHour = SENT_EPOCH_SECONDS + 3600;
        return Stream.of(
                Arguments.of(String.valueOf(inOneHour)),
                Arguments.of("\"" + inOneHour + "\""),
                Arguments.of(inOneHour + ".0"),
                Arguments.of(String.valueOf(inOneHour * 1000)),
                Arguments.of("\"" + inOneHour * 1000 + "\""),
                Arguments.of("\"2026-03-01T11:00:00Z\""),
                Arguments.of("\"2026-03-01T11:00:00.000Z\""),
                Arguments.of("\"2026-03-01T12:00:00+01:00\""),
                Arguments.of("\"2026-03-01 11:00:00z\""),
                Arguments.of("\"2026-03-01t06:00:00-05:00\""));
    }

    @ParameterizedTest
    @MethodSource("absoluteExpiries")
    void readsAbsoluteExpiry_whenExpiresAtIsEpochSecondsMillisecondsOrRfc3339(String expiresAt) {
        TokenParse.Parsed parsed = parsed("{\"access_token\":\"at\",\"expires_at\":" + expiresAt + "}");

        assertThat(parsed.tokens().expiresAt()).isEqualTo(SENT_AT.plus(Duration.ofHours(1)));
        assertThat(parsed.notes()).isEmpty();
    }

    @Test
    void takesEarliestExpiry_whenSeveralAreValid() {
        String body = "{\"access_token\":\"at\",\"expires_in\":7200,\"expires\":5400,\"expires_at\":"
                + (SENT_EPOCH_SECONDS + 3600) + "}";

        assertThat(parsed(body).tokens().expiresAt()).isEqualTo(SENT_AT.plus(Duration.ofHours(1)));
    }

    @Test
    void fallsBackToNextField_whenExpiresInIsInvalid() {
        TokenParse.Parsed parsed = parsed("{\"access_token\":\"at\",\"expires_in\":\"soon\",\"expires\":3600}");

        assertThat(lifetime(parsed)).isEqualTo(Duration.ofHours(1));
        assertThat(parsed.notes()).containsExactly("expires_in_invalid");
    }
}
