package dev.tokenkeeper.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.refresh.FailureClass;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
            unknown known cause  | docs_url: 'https://a.example', config: {token_url: 'https://a.example/t'}, known_causes: [{cause: moon_phase, hint: h}] | cause moon_phase is not a code
            known cause twice    | docs_url: 'https://a.example', config: {token_url: 'https://a.example/t'}, known_causes: [{cause: grant_revoked, hint: h}, {cause: grant_revoked, hint: i}] | names the cause grant_revoked a second time
            hintless known cause | docs_url: 'https://a.example', config: {token_url: 'https://a.example/t'}, known_causes: [{cause: grant_revoked}] | hint must be a non-blank string
            unknown example cause | docs_url: 'https://a.example', config: {token_url: 'https://a.example/t'}, examples: [{status: 400, body: '{}', class: needs_reauth, cause: moon_phase}] | cause moon_phase is not a code
            example cause not known | docs_url: 'https://a.example', config: {token_url: 'https://a.example/t'}, examples: [{status: 400, body: '{}', class: needs_reauth, cause: grant_revoked}] | cause grant_revoked is not among the entry's known_causes
            unknown example class | docs_url: 'https://a.example', config: {token_url: 'https://a.example/t'}, known_causes: [{cause: grant_revoked, hint: h}], examples: [{status: 400, body: '{}', class: doomed, cause: grant_revoked}] | class doomed is not one of
            bad example status   | docs_url: 'https://a.example', config: {token_url: 'https://a.example/t'}, known_causes: [{cause: grant_revoked, hint: h}], examples: [{status: 99, body: '{}', class: needs_reauth, cause: grant_revoked}] | status must be an HTTP status
            unknown example field | docs_url: 'https://a.example', config: {token_url: 'https://a.example/t'}, known_causes: [{cause: grant_revoked, hint: h}], examples: [{status: 400, body: '{}', class: needs_reauth, cause: grant_revoked, note: x}] | unknown fields [note]
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
    void read_keepsKnownCausesAndExamples_whenAnEntryHasThem() {
        ProviderCatalog catalog = read(ACME + """
                    known_causes:
                      - {cause: grant_revoked, hint: "Acme revokes grants when the user leaves."}
                    examples:
                      - {status: 400, body: '{"error": "revoked"}', class: needs_reauth, cause: grant_revoked}
                      - {status: 200, content_type: text/plain, body: 'error=revoked', class: needs_reauth, cause: grant_revoked}
                """);

        CatalogEntry acme = catalog.find("acme").orElseThrow();
        assertThat(acme.knownCauses()).containsExactly(
                new KnownCause(Cause.GRANT_REVOKED, "Acme revokes grants when the user leaves."));
        assertThat(acme.examples()).containsExactly(
                new ErrorExample(400, "application/json", "{\"error\": \"revoked\"}", FailureClass.NEEDS_REAUTH,
                        Cause.GRANT_REVOKED),
                new ErrorExample(200, "text/plain", "error=revoked", FailureClass.NEEDS_REAUTH, Cause.GRANT_REVOKED));
        assertThat(catalog.hint("acme", Cause.GRANT_REVOKED)).contains("Acme revokes grants when the user leaves.");
    }

    @Test
    void read_namesTheEntry_whenItsConfigIsInvalid() {
        assertThatThrownBy(() -> read(ACME.replace("https://acme.example/token", "ftp://acme.example/token")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("entry 1 (acme)")
                .hasMessageContaining("token_url");
    }

    @Test
    void readIndexed_readsEachListedEntryFromItsOwnFile() {
        List<CatalogEntry> entries = CatalogReader.readIndexed(stream("providers: [acme]"), "index.yaml", "catalog",
                file -> file.equals("catalog/acme.yaml") ? stream(ACME.replace("providers:\n  - ", "")
                        .replace("\n    ", "\n") + "refresh_example: {body: '{}', lifetime_seconds: 60}") : null);

        assertThat(entries).extracting(CatalogEntry::key).containsExactly("acme");
        assertThat(entries.getFirst().refreshExample())
                .isEqualTo(new RefreshExample(null, "{}", Duration.ofSeconds(60)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            missing file   | providers: [acme, zeta] | zeta, but catalog/zeta.yaml is missing
            not a key      | providers: ['A B']      | which is not a provider key
            """)
    void readIndexed_failsNamingTheProblem_whenTheIndexAndTheFilesDisagree(String what, String index, String problem) {
        assertThatThrownBy(() -> CatalogReader.readIndexed(stream(index), "index.yaml", "catalog",
                file -> file.equals("catalog/acme.yaml") ? stream("key: acme") : null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void readIndexed_refusesAFileWhoseKeyIsAnothersName() {
        assertThatThrownBy(() -> CatalogReader.readIndexed(stream("providers: [acme]"), "index.yaml", "catalog",
                file -> stream("key: other")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("catalog/acme.yaml: must hold the entry whose key is acme");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            zero lifetime   | refresh_example: {body: '{}', lifetime_seconds: 0}  | lifetime_seconds must be a positive
            no lifetime key | refresh_example: {body: '{}'}                        | lifetime_seconds must be a positive
            no body         | refresh_example: {lifetime_seconds: 60}              | body must be a string
            not a mapping   | refresh_example: x                                   | refresh_example must be a mapping
            """)
    void read_failsNamingTheProblem_whenTheRefreshExampleIsBroken(String what, String field, String problem) {
        assertThatThrownBy(() -> read(ACME + "    " + field + "\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(problem);
    }

    private static InputStream stream(String yaml) {
        return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static ProviderCatalog read(String yaml) {
        return ProviderCatalog.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }
}
