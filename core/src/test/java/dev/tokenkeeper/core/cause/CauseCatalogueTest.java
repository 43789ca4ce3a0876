package dev.tokenkeeper.core.cause;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The catalogue of causes is whole, its fixes say what to do, and docs/causes.md lists exactly it. */
class CauseCatalogueTest {
    private static final Pattern HEADING = Pattern.compile("^## .*\\(`(\\w+)`\\)$");
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\|");

    @ParameterizedTest
    @EnumSource(Cause.class)
    void everyCause_hasAStableCode_aSummary_andAFixThatSaysWhatToDo(Cause cause) {
        assertThat(cause.code()).matches("[a-z][a-z0-9_]+");
        assertThat(Cause.fromCode(cause.code())).contains(cause);
        assertThat(cause.summary()).endsWith(".").hasSizeGreaterThan(20);
        assertThat(cause.fix()).endsWith(".").hasSizeGreaterThan(10);
        assertThat(cause.fix("acme")).doesNotContain("{provider}");
    }

    @ParameterizedTest
    @EnumSource(Cause.class)
    void everyOperatorFix_namesAFieldASettingOrAPlaceToAct(Cause cause) {
        if (cause.actor() != Actor.OPERATOR) {
            return;
        }
        assertThat(cause.fix()).containsAnyOf("_url", "client_", "scopes", "PUT /v1/providers", "TOKENKEEPER_",
                "error_expression", "auth_failure_statuses", "token_response", "developer console", "Publish",
                "reconnect", "log", "clock");
    }

    @Test
    void providerWideCauses_areAllTheOperators() {
        assertThat(Arrays.stream(Cause.values()).filter(Cause::providerWide).map(Cause::actor))
                .containsOnly(Actor.OPERATOR);
    }

    @Test
    void causesPage_listsEveryCause_underItsActor_andNothingElse() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        String actor = null;
        for (String line : Files.readAllLines(RepositoryRoot.path().resolve("docs/causes.md"))) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                actor = heading.group(1);
            }
            Matcher row = ROW.matcher(line);
            if (row.find() && actor != null) {
                documented.put(row.group(1), actor);
            }
        }

        Map<String, String> catalogue = Arrays.stream(Cause.values())
                .collect(Collectors.toMap(Cause::code, cause -> cause.actor().wireName(), (a, b) -> a,
                        LinkedHashMap::new));
        assertThat(documented).containsExactlyInAnyOrderEntriesOf(catalogue);
    }

}
