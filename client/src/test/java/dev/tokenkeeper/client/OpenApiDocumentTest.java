package dev.tokenkeeper.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The service's OpenAPI document through the SDK. */
class OpenApiDocumentTest extends LiveServiceTest {

    @Test
    void openApiDocument_answersTheServedYaml() {
        String document = client.openApiDocument();

        assertThat(document).startsWith("openapi: 3.1.0").contains("/v1/connections/{id}/token:");
    }
}
