package dev.tokenkeeper.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.webhook.WebhookSignature.Verdict;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our signatures against the Standard Webhooks test vector and the reference Java library (not our code). */
class WebhookSignatureTest {
    // The worked example of the Standard Webhooks reference libraries' tests.
    private static final Secret SPEC_SECRET = Secret.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330;
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final String BODY = "{\"type\":\"ping\",\"timestamp\":\"2026-12-04T10:00:00Z\",\"data\":{}}";

    private final SecureRandom random = new SecureRandom();

    @Test
    void sign_makesTheSpecSignature_forTheSpecTestVector() {
        assertThat(WebhookSignature.sign(List.of(SPEC_SECRET), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY))
                .isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void verify_acceptsTheSpecTestVector_atItsTime() {
        assertThat(WebhookSignature.verify(SPEC_SECRET, SPEC_ID, Long.toString(SPEC_TIMESTAMP), SPEC_BODY,
                "v1,bm9wZQ== " + SPEC_SIGNATURE, Instant.ofEpochSecond(SPEC_TIMESTAMP))).isEqualTo(Verdict.VALID);
    }

    @Test
    void theReferenceLibrary_verifiesOurSignature_whenFresh() throws Exception {
        Secret secret = WebhookSignature.newSecret(random);
        long now = Instant.now().getEpochSecond();

        new Webhook(secret.reveal()).verify(BODY, headers("msg_1", now, sign(secret, "msg_1", now, BODY)));
        assertThat(WebhookSignature.verify(secret, "msg_1", Long.toString(now), BODY,
                sign(secret, "msg_1", now, BODY), Instant.now())).isEqualTo(Verdict.VALID);
    }

    @Test
    void ourVerify_acceptsTheReferenceLibrarysSignature() throws Exception {
        Secret secret = WebhookSignature.newSecret(random);
        long now = Instant.now().getEpochSecond();
        String theirs = new Webhook(secret.reveal()).sign("msg_2", now, BODY);

        assertThat(theirs).isEqualTo(sign(secret, "msg_2", now, BODY));
        assertThat(WebhookSignature.verify(secret, "msg_2", Long.toString(now), BODY, theirs, Instant.now()))
                .isEqualTo(Verdict.VALID);
    }

    @Test
    void bothVerifiersRefuse_aTamperedBody() {
        Secret secret = WebhookSignature.newSecret(random);
        long now = Instant.now().getEpochSecond();
        String signature = sign(secret, "msg_3", now, BODY);
        String tampered = BODY.replace("ping", "pong");

        assertThatThrownBy(() -> new Webhook(secret.reveal()).verify(tampered, headers("msg_3", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThat(WebhookSignature.verify(secret, "msg_3", Long.toString(now), tampered, signature, Instant.now()))
                .isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
    }

    @Test
    void bothVerifiersRefuse_aSignatureByAnotherSecret() {
        Secret ours = WebhookSignature.newSecret(random);
        Secret theirs = WebhookSignature.newSecret(random);
        long now = Instant.now().getEpochSecond();
        String signature = sign(ours, "msg_4", now, BODY);

        assertThatThrownBy(() -> new Webhook(theirs.reveal()).verify(BODY, headers("msg_4", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThat(WebhookSignature.verify(theirs, "msg_4", Long.toString(now), BODY, signature, Instant.now()))
                .isEqualTo(Verdict.NO_MATCHING_SIGNATURE);
    }

    @Test
    void bothVerifiersRefuse_aTimestampOlderThanTheTolerance() {
        Secret secret = WebhookSignature.newSecret(random);
        long old = Instant.now().minus(WebhookSignature.TOLERANCE).getEpochSecond() - 60;
        String signature = sign(secret, "msg_5", old, BODY);

        assertThatThrownBy(() -> new Webhook(secret.reveal()).verify(BODY, headers("msg_5", old, signature)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThat(WebhookSignature.verify(secret, "msg_5", Long.toString(old), BODY, signature, Instant.now()))
                .isEqualTo(Verdict.TOO_OLD);
    }

    @Test
    void sign_withTwoSecrets_makesAHeaderEachOfThemVerifies() throws Exception {
        Secret current = WebhookSignature.newSecret(random);
        Secret previous = WebhookSignature.newSecret(random);
        long now = Instant.now().getEpochSecond();
        String header = WebhookSignature.sign(List.of(current, previous), "msg_6", now, BODY);

        assertThat(header.split(" ")).hasSize(2).allMatch(signature -> signature.startsWith("v1,"));
        for (Secret secret : List.of(current, previous)) {
            new Webhook(secret.reveal()).verify(BODY, headers("msg_6", now, header));
            assertThat(WebhookSignature.verify(secret, "msg_6", Long.toString(now), BODY, header, Instant.now()))
                    .isEqualTo(Verdict.VALID);
        }
    }

    @Test
    void newSecret_isWhsecAndTheBase64OfThirtyTwoRandomBytes() {
        Secret one = WebhookSignature.newSecret(random);

        assertThat(one.reveal()).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(one.reveal().substring("whsec_".length())))
                .hasSize(WebhookSignature.SECRET_BYTES);
        assertThat(WebhookSignature.newSecret(random)).isNotEqualTo(one);
    }

    private static String sign(Secret secret, String id, long timestamp, String body) {
        return WebhookSignature.sign(List.of(secret), id, timestamp, body);
    }

    private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }
}
