package dev.tokenkeeper.core.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.cause.Actor;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.refresh.Backoff;
import dev.tokenkeeper.core.refresh.FailureClass;
import dev.tokenkeeper.core.refresh.FailureClassifier;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.refresh.RefreshOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in provider's documented error answers get the documented class and cause. */
class CatalogCausesTest {
    private static final ProviderCatalog CATALOG = ProviderCatalog.builtIn();
    private static final Instant SENT_AT = Instant.parse("2025-03-01T10:00:00Z");
    private static final Map<FailureClass, Actor> WHO_ACTS = Map.of(
            FailureClass.NEEDS_REAUTH, Actor.END_USER,
            FailureClass.MISCONFIGURED, Actor.OPERATOR,
            FailureClass.RETRYABLE, Actor.PROVIDER);

    static Stream<Arguments> documentedAnswers() {
        return CATALOG.entries().stream().flatMap(entry -> IntStream.range(0, entry.examples().size())
                .mapToObj(index -> Arguments.of(Named.of(entry.key(), entry), index, entry.examples().get(index))));
    }

    @ParameterizedTest(name = "{0} example {1}")
    @MethodSource("documentedAnswers")
    void classify_givesTheDocumentedClassAndCause_forEveryDocumentedAnswer(CatalogEntry entry, int index,
            ErrorExample example) {
        ProviderConfig provider = entry.configure(ProviderCatalogTest.json("{\"client_id\": \"c\"}"));
        TokenEndpointReply reply = new TokenEndpointReply.HttpReply(example.status(), example.headers(),
                example.body(), SENT_AT, Duration.ofMillis(200));

        RefreshOutcome outcome = new FailureClassifier(Backoff.DEFAULT).classify(reply, provider, 0,
                new SplittableRandom(7));

        assertThat(classOf(outcome)).as("class of %s", example.body()).isEqualTo(example.failureClass());
        assertThat(reasonOf(outcome).cause()).as("cause of %s", example.body()).isEqualTo(example.cause());
        assertThat(reasonOf(outcome).message()).as("message of %s", example.body())
                .doesNotContain("error expression was ignored");
    }

    @Test
    void everyBuiltInProvider_documentsAtLeastTwoErrorAnswers() {
        assertThat(CATALOG.entries()).extracting(CatalogEntry::key).containsExactlyInAnyOrder("google", "microsoft",
                "salesforce", "slack", "hubspot", "linear", "github", "notion", "atlassian", "zoom", "dropbox",
                "quickbooks", "xero", "gitlab", "bitbucket", "asana", "miro", "figma", "airtable", "box", "calendly",
                "typeform", "webex", "spotify", "pagerduty", "discord", "canva", "pipedrive", "close", "keap",
                "docusign", "outreach", "salesloft", "linkedin", "twitter", "freshbooks", "sage", "gusto",
                "constant_contact", "gong");
        assertThat(CATALOG.entries())
                .allSatisfy(entry -> assertThat(entry.examples()).as(entry.key()).hasSizeGreaterThanOrEqualTo(2));
    }

    @Test
    void everyDocumentedCause_isAKnownCauseOfItsProvider_withAHint() {
        assertThat(CATALOG.entries()).allSatisfy(entry -> {
            assertThat(entry.knownCauses()).as(entry.key()).isNotEmpty()
                    .allSatisfy(known -> assertThat(known.hint()).isNotBlank());
            assertThat(entry.examples()).as(entry.key()).allSatisfy(example ->
                    assertThat(entry.hint(example.cause())).as("%s hint for %s", entry.key(), example.cause())
                            .isPresent());
        });
    }

    @Test
    void everyDocumentedAnswer_blamesThePartyItsClassAsksToAct() {
        assertThat(CATALOG.entries().stream().flatMap(entry -> entry.examples().stream()))
                .allSatisfy(example -> assertThat(example.cause().actor()).as(example.body())
                        .isEqualTo(WHO_ACTS.get(example.failureClass())));
    }

    @Test
    void everyCauseTheExpressionsName_isACauseOfTheCatalogue() {
        String catalogText = CATALOG.entries().stream()
                .map(entry -> entry.template().path("error_expression").asText(""))
                .reduce("", String::concat);
        Matcher named = Pattern.compile("\"cause\": \"([a-z_]+)\"|\\[\"(?:needs_reauth|misconfigured|retryable)\", \"([a-z_]+)\"\\]")
                .matcher(catalogText);
        int count = 0;
        while (named.find()) {
            String code = named.group(1) != null ? named.group(1) : named.group(2);
            assertThat(Cause.fromCode(code)).as(code).isPresent();
            count++;
        }
        assertThat(count).isGreaterThan(40);
    }

    @Test
    void hint_givesTheProvidersOwnWords_forAKnownCause() {
        assertThat(CATALOG.hint("google", Cause.GRANT_EXPIRED_OR_REVOKED)).hasValueSatisfying(hint -> assertThat(hint)
                .contains("6 months", "password", "Testing", "100 refresh tokens"));
        assertThat(CATALOG.hint("google", Cause.TESTING_MODE_EXPIRY)).hasValueSatisfying(hint -> assertThat(hint)
                .contains("7 days"));
        assertThat(CATALOG.hint("google", Cause.REFRESH_TOKEN_LIMIT_EXCEEDED)).isPresent();
    }

    @Test
    void hint_isEmpty_forACustomProviderOrACauseWithoutOne() {
        assertThat(CATALOG.hint("acme", Cause.GRANT_REVOKED)).isEmpty();
        assertThat(CATALOG.hint(null, Cause.GRANT_REVOKED)).isEmpty();
        assertThat(CATALOG.hint("google", Cause.CLOCK_SKEW)).isEmpty();
    }

    private static FailureClass classOf(RefreshOutcome outcome) {
        return switch (outcome) {
            case RefreshOutcome.RetryLater ignored -> FailureClass.RETRYABLE;
            case RefreshOutcome.NeedsReauth ignored -> FailureClass.NEEDS_REAUTH;
            case RefreshOutcome.Misconfigured ignored -> FailureClass.MISCONFIGURED;
            case RefreshOutcome.Refreshed refreshed -> throw new AssertionError("refreshed: " + refreshed);
        };
    }

    private static FailureReason reasonOf(RefreshOutcome outcome) {
        return switch (outcome) {
            case RefreshOutcome.RetryLater retry -> retry.reason();
            case RefreshOutcome.NeedsReauth reauth -> reauth.reason();
            case RefreshOutcome.Misconfigured wrong -> wrong.reason();
            case RefreshOutcome.Refreshed refreshed -> throw new AssertionError("refreshed: " + refreshed);
        };
    }
}
