package dev.tokenkeeper.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.server.ApiClient.Answer;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ApiKeyFilterTest extends ServiceBackedTest {

    @Test
    void v1Calls_answerOwn401_withoutAKey_orWithAWrongOne() {
        Answer none = service.api.send(service.api.unauthenticated("/v1/connections").GET());
        Answer wrong = service.api.send(service.api.unauthenticated("/v1/connections")
                .header("Authorization", "Bearer tk_wrong_key_wrong_key_wrong_key").GET());
        Answer basic = service.api.send(service.api.unauthenticated("/v1/connections")
                .header("Authorization", "Basic " + service.apiKey.reveal()).GET());

        for (Answer answer : new Answer[] {none, wrong, basic}) {
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.json().path("code").asText()).isEqualTo("unauthorized");
            assertThat(answer.header("Tokenkeeper-Remote-Error")).isEqualTo("false");
            assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void theRightKey_isAccepted_inAnyCaseOfTheScheme() {
        Answer answer = service.api.send(service.api.unauthenticated("/v1/providers")
                .header("Authorization", "bearer " + service.apiKey.reveal()).GET());

        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void healthAndMetrics_needNoKey() {
        assertThat(service.api.send(service.api.unauthenticated("/health/live").GET()).status()).isEqualTo(200);
        assertThat(service.api.send(service.api.unauthenticated("/health/ready").GET()).status()).isEqualTo(200);
        assertThat(service.api.send(service.api.unauthenticated("/metrics").GET()).status()).isEqualTo(200);
    }

    @Test
    void theDatabase_holdsOnlyTheKeysHash() {
        String stored = service.tokenkeeper.parts().storage().database().withConnection(db -> {
            try (Statement statement = db.createStatement();
                    ResultSet rows = statement.executeQuery("select * from api_keys")) {
                StringBuilder all = new StringBuilder();
                while (rows.next()) {
                    for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                        Object value = rows.getObject(column);
                        all.append(value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : value).append('|');
                    }
                }
                return all.toString();
            }
        });

        assertThat(stored).isNotEmpty().doesNotContain(service.apiKey.reveal());
    }

    @Test
    void unknownRoutes_answerAProblem() {
        Answer answer = service.api.get("/v1/nothing");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().path("code").asText()).isEqualTo("no_route");
    }

    @Test
    void onlyOneSegmentUnderR_isPublic_whenItIsAReconnectLink() {
        assertThat(ApiKeyFilter.isPublic("/r/abc")).isTrue();
        assertThat(ApiKeyFilter.isPublic("/r/")).isFalse();
        assertThat(ApiKeyFilter.isPublic("/r")).isFalse();
        assertThat(ApiKeyFilter.isPublic("/r/abc/def")).isFalse();
        assertThat(ApiKeyFilter.isPublic("/rx/abc")).isFalse();
        assertThat(service.api.send(service.api.unauthenticated("/r/abc/def").GET()).status()).isEqualTo(401);
    }
}
