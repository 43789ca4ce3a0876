package dev.tokenkeeper.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console's templates escape what they show, in text and in attributes: a provider error text, a key or a token
 * holding HTML is shown as text and never becomes markup.
 */
class PagesEscapingTest {
    private static final String HOSTILE = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>'&";
    private final Pages pages = new Pages();

    @Test
    void theOverview_escapesEveryTextItShows_inTextAndInAttributes() {
        Overview.Count count = new Overview.Count(HOSTILE, 1);
        Overview.Provider provider = new Overview.Provider(HOSTILE, false, HOSTILE, HOSTILE, HOSTILE, HOSTILE,
                HOSTILE, 1, List.of(count));
        Overview overview = new Overview(HOSTILE, List.of(provider), List.of(provider), List.of(count),
                List.of(count), 0, 0, 0, List.of(new Overview.Count(HOSTILE, 2)));

        String page = pages.overview(overview);

        assertThat(page).doesNotContain("<script").doesNotContain("<img").doesNotContain("\"><img")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        // In an attribute, the quote is what must not pass: escaped, the value cannot end early.
        assertThat(page).contains("data-state=\"&lt;script>alert(1)&lt;/script>&#34;>&lt;img")
                .contains("name=\"csrf\" value=\"&lt;script>alert(1)&lt;/script>&#34;>&lt;img")
                .contains("data-provider=\"&lt;script>").contains("data-outcome=\"&lt;script>")
                .contains("href=\"/admin/connections?provider=%3Cscript%3E");
    }

    @Test
    void theSignInForm_escapesItsToken_andItsError() {
        String page = pages.signIn(new Pages.SignIn(HOSTILE, HOSTILE));

        assertThat(page).doesNotContain("<script").doesNotContain("<img")
                .contains("<p class=\"error\" role=\"alert\">&lt;script&gt;");
    }

    @Test
    void theButtonsPages_escapeTheDiagnosisTheLinkAndTheNotices() {
        ConnectionViews.Entry entry = new ConnectionViews.Entry(HOSTILE, HOSTILE);
        String diagnosis = pages.diagnosis(new ActionViews.DiagnosisPage(HOSTILE, HOSTILE, HOSTILE, false, HOSTILE,
                HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, List.of(entry), List.of(entry)));
        String link = pages.reconnectLink(new ActionViews.ReconnectLinkPage(HOSTILE, HOSTILE, HOSTILE, HOSTILE,
                HOSTILE));
        String delete = pages.confirmDelete(new ActionViews.DeletePage(HOSTILE, HOSTILE, HOSTILE, HOSTILE));
        ConnectionViews.Row row = new ConnectionViews.Row(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE);
        String detail = pages.connection(new ConnectionViews.DetailPage(HOSTILE, row, HOSTILE, HOSTILE, HOSTILE,
                HOSTILE, HOSTILE, List.of(entry), List.of(), HOSTILE));
        String list = pages.connections(new ConnectionViews.ListPage(HOSTILE,
                new ConnectionViews.Filters(HOSTILE, HOSTILE, HOSTILE, HOSTILE), HOSTILE, HOSTILE, List.of(), HOSTILE,
                HOSTILE));

        for (String page : List.of(diagnosis, link, delete, detail, list)) {
            assertThat(page).doesNotContain("<script").doesNotContain("<img").doesNotContain("\"><img")
                    .contains("&lt;script");
        }
        assertThat(link).contains("readonly value=\"&lt;script>alert(1)&lt;/script>&#34;>&lt;img");
        assertThat(detail).contains("<p class=\"notice\" id=\"notice\" role=\"status\">&lt;script&gt;");
        assertThat(list).contains("<p class=\"notice\" id=\"notice\" role=\"status\">&lt;script&gt;");
    }

    @Test
    void theWebhookAndActionPages_escapeEveryTextTheyShow() {
        WebhookViews.Endpoint endpoint = new WebhookViews.Endpoint(HOSTILE, HOSTILE, HOSTILE, HOSTILE, false, HOSTILE,
                HOSTILE, HOSTILE);
        WebhookViews.Delivery delivery = new WebhookViews.Delivery(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE,
                List.of(HOSTILE));
        ActionPageViews.Row row = new ActionPageViews.Row(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, 1,
                HOSTILE, HOSTILE);
        String webhooks = pages.webhooks(new WebhookViews.ListPage(HOSTILE, HOSTILE, List.of(endpoint), HOSTILE));
        String webhook = pages.webhook(new WebhookViews.EndpointPage(HOSTILE, endpoint, HOSTILE, HOSTILE,
                List.of(delivery), HOSTILE, HOSTILE));
        String actions = pages.actions(new ActionPageViews.ListPage(HOSTILE, HOSTILE, HOSTILE, HOSTILE, List.of(row),
                HOSTILE));
        String action = pages.action(new ActionPageViews.DetailPage(HOSTILE, row, HOSTILE, HOSTILE, HOSTILE, HOSTILE,
                HOSTILE, "", HOSTILE, HOSTILE, true, true, HOSTILE));

        for (String page : List.of(webhooks, webhook, actions, action)) {
            assertThat(page).doesNotContain("<script").doesNotContain("<img").doesNotContain("\"><img")
                    .contains("&lt;script");
        }
        assertThat(webhook).contains("<p class=\"notice\" id=\"notice\" role=\"status\">&lt;script&gt;");
        assertThat(action).contains("<pre id=\"response-body\">&lt;script&gt;")
                .contains("name=\"csrf\" value=\"&lt;script>alert(1)&lt;/script>&#34;>&lt;img");
    }

    @Test
    void theProvidersPages_escapeKeysHealthConfigFieldsAndTheForm() {
        ProviderViews.Health health = new ProviderViews.Health(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE,
                1);
        String list = pages.providers(new ProviderViews.ListPage(HOSTILE,
                List.of(new ProviderViews.Row(HOSTILE, true, health)),
                List.of(new ProviderViews.CatalogRow(HOSTILE, HOSTILE, HOSTILE, false)), HOSTILE));
        String detail = pages.provider(new ProviderViews.DetailPage(HOSTILE, HOSTILE, HOSTILE, true, true,
                List.of(new ConnectionViews.Entry(HOSTILE, HOSTILE)), true, health, HOSTILE, HOSTILE, HOSTILE,
                HOSTILE, HOSTILE));

        for (String page : List.of(list, detail)) {
            assertThat(page).doesNotContain("<script").doesNotContain("<img").doesNotContain("\"><img")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        }
        assertThat(detail).contains("name=\"client_id\" value=\"&lt;script>alert(1)&lt;/script>&#34;>&lt;img")
                .contains("<p class=\"error\" id=\"client_id-error\" role=\"alert\">&lt;script&gt;");
    }
}
