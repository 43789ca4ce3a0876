package dev.tokenkeeper.server.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tokenkeeper.core.cause.Actor;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.server.OpenApiContract;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI document's {@code Cause} and diagnosis {@code actor} and {@code zone} enumerate the catalogue. */
class CauseSchemaTest {
    @Test
    void causeSchema_listsEveryCodeOfTheCatalogue_inOrder() throws IOException {
        JsonNode schemas = new YAMLMapper().readTree(OpenApiContract.shipped().yaml()).path("components")
                .path("schemas");

        assertThat(values(schemas.path("Cause").path("enum")))
                .containsExactlyElementsOf(Arrays.stream(Cause.values()).map(Cause::code).toList());
        assertThat(values(schemas.path("Diagnosis").path("properties").path("actor").path("enum")))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Actor.values()).map(Actor::wireName).toList());
        assertThat(values(schemas.path("Diagnosis").path("properties").path("zone").path("enum")))
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(Cause.Zone.values()).map(Cause.Zone::wireName).toList());
    }

    private static List<String> values(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
