package dev.tokenkeeper.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.OpenApiContract;
import dev.tokenkeeper.server.RawHttp;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.server.connection.ConnectionsApiTest;
import dev.tokenkeeper.fake.FakeProvider;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authentication is decided on the path the router matches: every documented route, asked with every method and
 * spelled every tricky way (dot segments, encoded letters and slashes, {@code ;} parameters, absolute-form targets),
 * answers Tokenkeeper's own 400 or 401 without a key, and no handler runs. The admin console's pages take no key but
 * a session cookie: without one, a GET of one is redirected to the sign-in page and any other method is a 403, with
 * or without the key. The routes come from the shipped OpenAPI document, so a new route is covered the day it is
 * documented.
 */
class RouteGuardTest extends ServiceBackedTest {
    private static final String CONNECTION = "guarded";
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    @BeforeAll
    static void importAConnectionWhoseTokenNeedsARefresh() {
        var grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        Answer created = service.api.post("/v1/connections", ConnectionsApiTest.importBody(CONNECTION, grant, 1));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        service.provider.resetObservations();
    }

    @Test
    void everyRoute_everyMethod_everySpelling_isRefusedWithoutAKey_andNoHandlerRuns() {
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (String path : documentedPaths()) {
            for (String target : tricks(path)) {
                for (String method : METHODS) {
                    RawHttp.Answer answer = send(method, target, null);
                    sent++;
                    if (!refusedBeforeRouting(method, target, answer)) {
                        wrong.add(method + " " + target + " -> " + answer.status() + " " + answer.body());
                    }
                }
            }
        }

        assertThat(sent).isGreaterThan(1_000);
        assertThat(wrong).isEmpty();
        assertNoHandlerRan();
    }

    @Test
    void nonCanonicalTargets_areRefusedWith400_evenWithTheKey() {
        List<String> wrong = new ArrayList<>();
        for (String path : documentedPaths()) {
            for (String target : nonCanonical(path)) {
                for (String method : METHODS) {
                    RawHttp.Answer answer = send(method, target, service.apiKey.reveal());
                    if (answer.status() != 400 || !refusedBeforeRouting(method, target, answer)) {
                        wrong.add(method + " " + target + " -> " + answer.status() + " " + answer.body());
                    }
                }
            }
        }

        assertThat(wrong).isEmpty();
        assertNoHandlerRan();
    }

    @Test
    void onlyTheShortPublicList_answersWithoutAKey() {
        Set<String> open = new TreeSet<>();
        for (String operation : OpenApiContract.shipped().operations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = concrete(operation.substring(operation.indexOf(' ') + 1));
            RawHttp.Answer answer = send(method, path, null);
            if (answer.status() != 401 && !refusedByTheConsole(method, path, answer)) {
                open.add(path);
            }
        }

        assertThat(ApiKeyFilter.PUBLIC_PATHS).containsExactlyInAnyOrder("/health/live", "/health/ready", "/metrics",
                "/oauth/callback");
        assertThat(ApiKeyFilter.ADMIN_PUBLIC_PATHS).containsExactlyInAnyOrder("/admin/sign-in", "/admin/style.css");
        Set<String> expected = new TreeSet<>(ApiKeyFilter.PUBLIC_PATHS);
        expected.addAll(ApiKeyFilter.ADMIN_PUBLIC_PATHS);
        expected.add(concrete("/r/{token}"));
        assertThat(open).isEqualTo(expected);
    }

    @Test
    void anAbsoluteFormTarget_namingThisServer_isRoutedLikeItsPath() {
        String own = "http://127.0.0.1:" + service.tokenkeeper.port() + "/v1/connections/" + CONNECTION;

        assertThat(send("GET", own, null).status()).isEqualTo(401);
        assertThat(send("GET", own, service.apiKey.reveal()).status()).isEqualTo(200);
    }

    @Test
    void aKnownPath_askedWithAnotherMethod_answers405_withAllow() {
        RawHttp.Answer providers = send("DELETE", "/v1/providers", service.apiKey.reveal());
        RawHttp.Answer token = send("GET", "/v1/connections/" + CONNECTION + "/token", service.apiKey.reveal());
        RawHttp.Answer health = send("POST", "/health/live", null);
        Answer documented = service.api.delete("/v1/providers"); // the client checks it against the OpenAPI document

        assertThat(providers.status()).isEqualTo(405);
        assertThat(providers.header("Allow")).isEqualTo("GET");
        assertThat(providers.body()).contains("\"code\":\"method_not_allowed\"");
        assertThat(token.status()).isEqualTo(405);
        assertThat(token.header("Allow")).isEqualTo("POST");
        assertThat(health.status()).isEqualTo(405);
        assertThat(health.header("Allow")).isEqualTo("GET");
        assertThat(documented.status()).isEqualTo(405);
        assertNoHandlerRan();
    }

    @Test
    void anUnknownPath_needsTheKeyToo_thenAnswers404() {
        assertThat(send("GET", "/v2/connections", null).status()).isEqualTo(401);
        assertThat(send("GET", "/V1/connections", null).status()).isEqualTo(401);
        assertThat(send("GET", "/v2/connections", service.apiKey.reveal()).status()).isEqualTo(404);
    }

    @Test
    void theConsolesPages_takeNoApiKey_butRefuseOrRedirectWithoutASession() {
        List<String> wrong = new ArrayList<>();
        for (String operation : OpenApiContract.shipped().operations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = concrete(operation.substring(operation.indexOf(' ') + 1));
            if (!ApiKeyFilter.isAdmin(path) || ApiKeyFilter.isPublic(path)) {
                continue;
            }
            for (String key : new String[] {null, service.apiKey.reveal()}) {
                RawHttp.Answer answer = send(method, path, key);
                if (!refusedByTheConsole(method, path, answer)) {
                    wrong.add(method + " " + path + (key == null ? "" : " (with the key)") + " -> " + answer.status());
                }
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(send("GET", "/admin/unknown-page", service.apiKey.reveal()).status()).isEqualTo(303);
        assertThat(send("DELETE", "/admin/sign-out", null).status()).isEqualTo(403);
        assertNoHandlerRan();
    }

    /** A console path's refusal without a session: a GET or HEAD to the sign-in page, anything else a 403 page. */
    private static boolean refusedByTheConsole(String method, String target, RawHttp.Answer answer) {
        String path = target.replaceFirst("^http://127\\.0\\.0\\.1:\\d+", "");
        if (!ApiKeyFilter.isAdmin(path) || ApiKeyFilter.isPublic(path)) {
            return false;
        }
        if (method.equals("GET") || method.equals("HEAD")) {
            return answer.status() == 303 && "/admin/sign-in".equals(answer.header("Location"));
        }
        return answer.status() == 403 && answer.body().contains("nothing was changed");
    }

    private static boolean refusedBeforeRouting(String method, String target, RawHttp.Answer answer) {
        if (refusedByTheConsole(method, target, answer)) {
            return true;
        }
        if (answer.status() != 400 && answer.status() != 401) {
            return false;
        }
        if (method.equals("HEAD")) {
            return "false".equals(answer.header("Tokenkeeper-Remote-Error"));
        }
        return answer.body().contains("\"code\":\"non_canonical_path\"")
                || answer.body().contains("\"code\":\"unauthorized\"")
                || answer.body().contains("\"code\":\"bad_request\""); // the web server's own refusal, before routing
    }

    private static void assertNoHandlerRan() {
        assertThat(service.provider.tokenRequestCount()).as("token endpoint calls").isZero();
        assertThat(service.provider.resourceRequestCount()).as("proxied calls").isZero();
        assertThat(service.api.get("/v1/connections/" + CONNECTION).status()).isEqualTo(200);
        assertThat(service.api.get("/v1/connections").json().path("connections").size()).isEqualTo(1);
        assertThat(count("connect_sessions")).as("connect sessions").isZero();
        assertThat(count("providers")).as("provider configs").isEqualTo(1);
    }

    private static long count(String table) {
        return service.tokenkeeper.parts().storage().database().withConnection(db -> {
            try (Statement statement = db.createStatement();
                    ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    /** Every documented path with its parameters filled in, as a caller would send it. */
    private static Set<String> documentedPaths() {
        Set<String> paths = new LinkedHashSet<>();
        for (String operation : OpenApiContract.shipped().operations()) {
            paths.add(concrete(operation.substring(operation.indexOf(' ') + 1)));
        }
        return paths;
    }

    private static String concrete(String template) {
        return template.replace("{id}", CONNECTION).replace("{connection_id}", CONNECTION).replace("{key}", "fake")
                .replace("{path}", "me").replace("{token}", "token");
    }

    /** The plain path (when protected), its own-host absolute form (likewise) and every non-canonical spelling. */
    private static List<String> tricks(String path) {
        List<String> targets = new ArrayList<>(nonCanonical(path));
        if (!ApiKeyFilter.isPublic(path)) {
            targets.add(path);
            targets.add("http://127.0.0.1:" + service.tokenkeeper.port() + path);
            targets.add(path.toUpperCase());
        }
        return targets;
    }

    /** Spellings of {@code path} the router would resolve to it (or near it), which must never be routed. */
    private static List<String> nonCanonical(String path) {
        String first = path.substring(1, path.indexOf('/', 1) < 0 ? path.length() : path.indexOf('/', 1));
        String rest = path.substring(1 + first.length());
        UnaryOperator<String> encodeFirstLetter = segment -> "%" + Integer.toHexString(segment.charAt(0))
                + segment.substring(1);
        List<String> targets = new ArrayList<>(List.of(
                "/" + path, "/." + path, "/x/.." + path, "/health/.." + path, "/metrics/.." + path,
                "/oauth/callback/../.." + path, "/health/live;x/../.." + path, "/health/%2e%2e" + path,
                "/%2e" + path, "/" + encodeFirstLetter.apply(first) + rest, "/" + first + ";x=1" + rest,
                "/" + first + "/." + rest, path + "#fragment", path + "/.",
                path + ";jsessionid=1", "http://evil.example" + path, "/" + first + "\\" + rest.replaceFirst("^/", ""),
                path.replace("/", "/./"), path + "/%00"));
        if (!rest.isEmpty()) {
            targets.add("/" + first + "%2F" + rest.substring(1));
            targets.add("/" + first + "%2f" + rest.substring(1));
            targets.add("/" + first + "/x/.." + rest);
            targets.add("/" + first + "/" + rest);
        }
        return targets;
    }

    private static RawHttp.Answer send(String method, String target, String apiKey) {
        StringBuilder request = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(service.tokenkeeper.port()).append("\r\n");
        if (apiKey != null) {
            request.append("Authorization: Bearer ").append(apiKey).append("\r\n");
        }
        boolean body = Set.of("POST", "PUT", "PATCH").contains(method);
        if (body) {
            request.append("Content-Type: application/json\r\nContent-Length: 2\r\n");
        }
        request.append("\r\n").append(body ? "{}" : "");
        return RawHttp.exchange(service.tokenkeeper.port(), request.toString());
    }
}
