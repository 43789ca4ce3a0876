package dev.tokenkeeper.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.server.connection.ConnectionsApiTest;
import dev.tokenkeeper.fake.FakeProvider;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's connection pages over HTTP: filters, find by id, the API's cursor pages, one connection's cause, fix
 * and timeline, and metadata or provider texts holding HTML shown as text.
 */
class AdminConnectionsTest extends ServiceBackedTest {
    private static final int CONNECTIONS = 53;
    private static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    private static final Pattern ROW_ID = Pattern.compile("<tr><td><a href=\"/admin/connections/([^\"]+)\">");
    private static AdminBrowser browser;

    @BeforeAll
    static void connections() {
        for (int i = 0; i < CONNECTIONS; i++) {
            var grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
            var body = ConnectionsApiTest.importBody("conn-%03d".formatted(i), grant, 3600);
            body.putObject("metadata").put("customer", HOSTILE);
            Answer created = service.api.post("/v1/connections", body);
            assertThat(created.status()).as(created.text()).isEqualTo(201);
        }
        service.provider.quirks().failNextTokenRequests(1, 400, Map.of("Content-Type", "application/json"),
                "{\"error\":\"invalid_grant\",\"error_description\":\"" + HOSTILE.replace("\"", "\\\"") + "\"}");
        service.api.post("/v1/connections/conn-007/refresh", null);
        assertThat(service.api.get("/v1/connections/conn-007").json().path("state").asText())
                .isEqualTo("needs_reauth");
        browser = AdminBrowser.signedIn(service.api, service.apiKey.reveal());
    }

    @Test
    void theList_pagesWithTheApisCursor_throughEveryConnectionOnce() {
        Answer first = browser.get("/admin/connections");
        Matcher next = Pattern.compile("<a rel=\"next\" href=\"([^\"]+)\">").matcher(first.text());
        assertThat(next.find()).isTrue();
        Answer second = browser.get(next.group(1).replace("&amp;", "&"));

        List<String> ids = new ArrayList<>(ids(first));
        ids.addAll(ids(second));
        assertThat(ids(first)).hasSize(50).first().isEqualTo("conn-000");
        assertThat(ids).hasSize(CONNECTIONS).doesNotHaveDuplicates().isSorted();
        assertThat(second.text()).doesNotContain("rel=\"next\"");
    }

    @Test
    void theList_filtersByState_andProvider() {
        assertThat(ids(browser.get("/admin/connections?state=needs_reauth"))).containsExactly("conn-007");
        assertThat(ids(browser.get("/admin/connections?provider=fake&state=active"))).hasSize(50)
                .doesNotContain("conn-007");
        assertThat(ids(browser.get("/admin/connections?provider=other"))).isEmpty();
    }

    @Test
    void theList_filtersByCause_pagingThroughTheMatchesOnly() {
        String cause = service.api.get("/v1/connections/conn-007").json().path("cause").asText();
        assertThat(cause).isNotBlank().isNotEqualTo("none");

        assertThat(ids(browser.get("/admin/connections?cause=" + cause))).containsExactly("conn-007");
        Answer first = browser.get("/admin/connections?cause=none");
        Matcher next = Pattern.compile("<a rel=\"next\" href=\"([^\"]+)\">").matcher(first.text());
        assertThat(next.find()).as(first.text()).isTrue();
        assertThat(next.group(1)).contains("cause=none");
        Answer second = browser.get(next.group(1).replace("&amp;", "&"));
        List<String> ids = new ArrayList<>(ids(first));
        ids.addAll(ids(second));
        assertThat(ids(first)).hasSize(50);
        assertThat(ids).hasSize(CONNECTIONS - 1).doesNotHaveDuplicates().isSorted().doesNotContain("conn-007");
        assertThat(first.text()).contains("<option value=\"none\" selected>none</option>");
    }

    @Test
    void theList_filtersByAMetadataEntry_andRefusesAMalformedOne() {
        String customer = URLEncoder.encode("customer=" + HOSTILE, StandardCharsets.UTF_8);
        Answer matching = browser.get("/admin/connections?state=needs_reauth&metadata=" + customer);
        Answer other = browser.get("/admin/connections?metadata=customer%3Dsomeone-else");
        Answer malformed = browser.get("/admin/connections?metadata=no-equals-sign");
        Answer nul = browser.get("/admin/connections?metadata=customer%3D%00");

        assertThat(ids(matching)).containsExactly("conn-007");
        assertThat(matching.text()).contains("value=\"customer=&lt;script>").doesNotContain(HOSTILE);
        assertThat(ids(other)).isEmpty();
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text()).contains("The metadata filter is key=value");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(browser.get("/admin/connections?cause=no_such_cause").status()).isEqualTo(400);
    }

    @Test
    void findingById_redirectsToTheConnection_orSaysThereIsNone() {
        Answer found = browser.get("/admin/connections?id=conn-012");
        Answer missing = browser.get("/admin/connections?id=conn-999");
        Answer impossible = browser.get("/admin/connections?id=%3Cb%3Ex%3C%2Fb%3E");
        Answer badState = browser.get("/admin/connections?state=%3Cscript%3E");

        assertThat(found.status()).isEqualTo(303);
        assertThat(found.header("Location")).isEqualTo("/admin/connections/conn-012");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text()).contains("No connection has the id conn-999.");
        assertThat(impossible.status()).isEqualTo(400);
        assertThat(impossible.text()).contains("value=\"&lt;b>x&lt;/b>\"").doesNotContain("<b>x");
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.text()).contains("must be one of active, needs_reauth, misconfigured")
                .doesNotContain("<script>");
    }

    @Test
    void aConnectionsPage_showsItsCauseFixAndTimeline_withProviderTextsAndMetadataEscaped() {
        String cause = service.api.get("/v1/connections/conn-007").json().path("cause").asText();
        Answer page = browser.get("/admin/connections/conn-007");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("<h1>conn-007</h1>").contains("<dd id=\"state\">needs_reauth</dd>")
                .contains("<code>" + cause + "</code>").contains("<dd id=\"fix\">")
                .contains("<th scope=\"row\">customer</th><td>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img")
                .contains("refresh_attempted").contains("needs_reauth</td>")
                .doesNotContain("<script>").doesNotContain("<img");
        assertThat(page.text().split("&lt;script&gt;alert\\(1\\)", -1).length - 1).as("metadata, error, timeline")
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void anUnknownConnection_isA404Page() {
        assertThat(browser.get("/admin/connections/conn-999").status()).isEqualTo(404);
    }

    private static List<String> ids(Answer page) {
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        Matcher matcher = ROW_ID.matcher(page.text());
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }
}
