package dev.tokenkeeper.fake.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.fake.webhook.WebhookReceiver.Reply;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {

    @Test
    void records_eachRequest_andAnswersTheScriptedRepliesBeforeTheStandingOne() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(); HttpClient http = HttpClient.newHttpClient()) {
            receiver.answerNext(Reply.status(503).withBody("busy"));
            receiver.answerAlways(Reply.status(200).withHeader("X-Seen", "yes"));

            HttpResponse<String> first = http.send(post(receiver, "{\"n\":1}"), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> second = http.send(post(receiver, "{\"n\":2}"), HttpResponse.BodyHandlers.ofString());

            assertThat(first.statusCode()).isEqualTo(503);
            assertThat(first.body()).isEqualTo("busy");
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(second.headers().firstValue("x-seen")).hasValue("yes");
            assertThat(receiver.received()).extracting(WebhookReceiver.Received::body)
                    .containsExactly("{\"n\":1}", "{\"n\":2}");
            assertThat(receiver.received().getFirst().header("Webhook-Id")).isEqualTo("msg_test");
        }
    }

    private static HttpRequest post(WebhookReceiver receiver, String body) {
        return HttpRequest.newBuilder(receiver.url()).header("webhook-id", "msg_test")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
