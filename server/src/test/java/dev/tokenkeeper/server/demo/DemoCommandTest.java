package dev.tokenkeeper.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code tokenkeeper demo} as the launcher runs it: banner, copy-paste commands, the story, and no data left. */
class DemoCommandTest {
    private static final Pattern DATA = Pattern.compile("Demo data: (\\S+) \\(temporary");

    @Test
    void demo_printsCurlCommandsAndTheStory_andDeletesItsDataDirectory_whenItStops() throws IOException {
        int port = TestService.freePort();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.run(Map.of(), "demo", "--port", Integer.toString(port), "--connections", "4", "--seconds", "1");
        } finally {
            System.setOut(originalOut);
        }

        String terminal = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(terminal).contains("Tokenkeeper is running at http://127.0.0.1:" + port)
                .contains("OAuth callback: http://127.0.0.1:" + port + "/oauth/callback")
                .contains("export TOKENKEEPER_API_KEY=$(cat ")
                .contains("curl -s -H \"Authorization: Bearer $TOKENKEEPER_API_KEY\" http://127.0.0.1:" + port
                        + "/v1/connections/acme-01")
                .contains("[demo +0:00] imported 4 connections (acme-01 … globex-02)");
        Matcher data = DATA.matcher(terminal);
        assertThat(data.find()).as(terminal).isTrue();
        assertThat(Files.exists(Path.of(data.group(1)))).as("the demo's data directory is deleted").isFalse();
    }

    @Test
    void demo_exitsWith2_beforeStartingAnything_whenAskedForFewerThanTwoConnections() {
        assertThat(Main.run(Map.of(), "demo", "--connections", "1", "--seconds", "1")).isEqualTo(2);
    }
}
