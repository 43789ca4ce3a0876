package dev.tokenkeeper.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.setup.StorageSettings;
import dev.tokenkeeper.server.ServerSettings;
import dev.tokenkeeper.server.auth.AdminKey;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code connections list|show|refresh}: asks the running service through its HTTP API. */
@Command(name = "connections", mixinStandardHelpOptions = true,
        description = "List, show or refresh connections of the running service.",
        subcommands = {ConnectionsCommand.List.class, ConnectionsCommand.Show.class, ConnectionsCommand.Refresh.class})
final class ConnectionsCommand implements Runnable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Where the service is and how to authenticate to it. */
    static class Target implements EnvironmentAware {
        @Option(names = "--url", description = "the service's base URL (default: http://<TOKENKEEPER_BIND>:<TOKENKEEPER_PORT>)")
        String url;

        @Option(names = "--api-key-file", description = "a file holding the API key (default: TOKENKEEPER_API_KEY,"
                + " else data/" + AdminKey.FILE_NAME + ")")
        Path apiKeyFile;

        private Map<String, String> environment = System.getenv();

        @Override
        public void environment(Map<String, String> environment) {
            this.environment = environment;
        }

        URI base() {
            if (url != null) {
                return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            }
            ServerSettings settings = ServerSettings.fromEnvironment(environment);
            String host = settings.bind().equals("0.0.0.0") ? "127.0.0.1" : settings.bind();
            return URI.create("http://" + host + ":" + settings.port());
        }

        Secret apiKey() {
            if (apiKeyFile != null) {
                return AdminKey.read(apiKeyFile);
            }
            ServerSettings settings = ServerSettings.fromEnvironment(environment);
            if (settings.apiKey() != null) {
                return settings.apiKey();
            }
            Path file = StorageSettings.fromEnvironment(environment).dataDirectory().resolve(AdminKey.FILE_NAME);
            if (!Files.exists(file)) {
                throw new CliException("no API key: set " + ServerSettings.API_KEY + " or run from the directory whose"
                        + " data/ holds " + AdminKey.FILE_NAME);
            }
            return AdminKey.read(file);
        }

        JsonNode call(String method, String pathAndQuery) {
            URI uri = URI.create(base() + pathAndQuery);
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + apiKey().reveal())
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .build();
            try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                JsonNode body = MAPPER.readTree(response.body().isEmpty() ? "{}" : response.body());
                if (response.statusCode() >= 400) {
                    throw new CliException(response.statusCode() + " " + body.path("code").asText("error") + ": "
                            + body.path("detail").asText(response.body()));
                }
                return body;
            } catch (IOException e) {
                throw new CliException("the service at " + base() + " does not answer (" + e.getClass().getSimpleName()
                        + "); is 'tokenkeeper serve' running?");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List connections, one per line.")
    static final class List extends Target implements Runnable {
        @Option(names = "--provider", description = "only this provider's")
        String provider;

        @Option(names = "--state", description = "only in this state: active, needs_reauth, misconfigured")
        String state;

        @Override
        public void run() {
            String cursor = null;
            System.out.printf("%-40s %-16s %-14s %-30s %s%n", "ID", "PROVIDER", "STATE", "EXPIRES AT", "REFRESHES");
            do {
                StringBuilder query = new StringBuilder("/v1/connections?limit=500");
                param(query, "provider", provider);
                param(query, "state", state);
                param(query, "cursor", cursor);
                JsonNode page = call("GET", query.toString());
                for (JsonNode connection : page.path("connections")) {
                    System.out.printf("%-40s %-16s %-14s %-30s %d%n", connection.path("id").asText(),
                            connection.path("provider").asText(), connection.path("state").asText(),
                            connection.path("expires_at").asText("-"), connection.path("refresh_count").asLong());
                }
                cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
            } while (cursor != null);
        }

        private static void param(StringBuilder query, String name, String value) {
            if (value != null) {
                query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one connection and its timeline.")
    static final class Show extends Target implements Runnable {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public void run() {
            String path = "/v1/connections/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
            System.out.println(pretty(call("GET", path)));
            System.out.println(pretty(call("GET", path + "/events?limit=20")));
        }
    }

    @Command(name = "refresh", mixinStandardHelpOptions = true,
            description = "Refresh one connection now; prints the new expiry, never the token.")
    static final class Refresh extends Target implements Runnable {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public void run() {
            JsonNode answer = call("POST", "/v1/connections/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                    + "/refresh");
            System.out.println("refreshed " + id + "; expires at " + answer.path("expires_at").asText("unknown"));
        }
    }

    private static String pretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            return node.toString();
        }
    }

}
