package dev.tokenkeeper.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A broken catalog is a bug: reading one fails and says which entry is wrong and why. */
class ProviderCatalogReadTest {
    private static final String ACME = """
            providers:
              - key: acme
                display_name: Acme
                docs_url: https://acme.example/docs
                config:
                  token_url: https://acme.example/token
            """;

    @Test
    void read_acceptsAMinimalEntry() {
        ProviderCatalog catalog = read(ACME);

        assertThat(catalog.entries()).extracting(CatalogEntry::key).containsExactly("acme");
        assertThat(catalog.configure("acme", ProviderCatalogTest.json("{\"client_id\": \"c\"}")).tokenUrl())
                .hasToString("https://acme.example/token");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            http URL             | docs_url: 'https://a.example', config: {token_url: 'http://a.example/t'}  | must be https
            http docs URL        | docs_url: 'http://a.example', config: {token_url: 'https://a.example/t'}  | docs_url must be an absolute https URL
            client secret        | docs_url: 'https://a.example', config: {token_url: 'https://a.example/t', client_secret: s} | must not set client_secret
            client id            | docs_url: 'https://a.example', config: {token_url: 'https://a.example/t', client_id: c}     | must not set client_id
            broken expression    | docs_url: 'https://a.example', config: {token_url: 'https://a.example/t', error_expression: 'status = ('} | error_expression
            unknown config field | docs_url: 'https://a.example', config: {token_url: 'https://a.example/t', tokenurl: x}     | tokenurl
            unknown entry field  | docs_url: 'https://a.example', notes: x, config: {token_url: 'https://a.example/t'}        | unknown fields [notes]
            no config            | docs_url: 'https://a.example'                                                              | config must be a mapping
            no docs URL          | config: {token_url: 'https://a.example/t'}                                                 | docs_url must be a non-blank string
            """)
    void read_failsNamingTheProblem_whenAnEntryIsBroken(String what, String fields, String problem) {
        assertThatThrownBy(() -> read("providers: [{key: a, display_name: A, " + fields + "}]"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("test.yaml entry 1")
                .hasMessageContaining(problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            repeated key | providers: [{key: a, display_name: A, docs_url: 'https://a.example', config: {token_url: 'https://a.example/t'}}, {key: a, display_name: B, docs_url: 'https://b.example', config: {token_url: 'https://b.example/t'}}] | two entries with the key a
            bad key      | providers: [{key: 'A B', display_name: A, docs_url: 'https://a.example', config: {token_url: 'https://a.example/t'}}] | key:
            no name      | providers: [{key: a, docs_url: 'https://a.example', config: {token_url: 'https://a.example/t'}}] | display_name must be a non-blank string
            no providers | providers: []                                                                                    | no non-empty list under providers
            not YAML     | providers: [unclosed                                                                               | not valid YAML
            repeated field | providers: [{key: a, key: b}]                                                                    | not valid YAML
            """)
    void read_failsNamingTheProblem_whenTheCatalogIsBroken(String what, String yaml, String problem) {
        assertThatThrownBy(() -> read(yaml))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("test.yaml")
                .hasMessageContaining(problem);
    }

    @Test
    void read_namesTheEntry_whenItsConfigIsInvalid() {
        assertThatThrownBy(() -> read(ACME.replace("https://acme.example/token", "ftp://acme.example/token")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("entry 1 (acme)")
                .hasMessageContaining("token_url");
    }

    private static ProviderCatalog read(String yaml) {
        return ProviderCatalog.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }
}
