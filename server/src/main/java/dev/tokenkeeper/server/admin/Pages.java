package dev.tokenkeeper.server.admin;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * Renders the console's pages from the jte templates compiled into the JAR at build time (HTML content type: every
 * {@code ${...}} is escaped for its place in the page) and sends them with headers that keep them out of caches and
 * frames and allow no script at all.
 */
public final class Pages {
    /** No script, no frames, styles and forms from this origin only. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** A sign-in form (with {@code error} shown when not empty). */
    public record SignIn(String csrfToken, String error) {}

    /** The page of a POST refused for a missing or wrong CSRF token or a missing session. */
    public String refused() {
        StringOutput output = new StringOutput();
        engine.render("admin/refused.jte", java.util.Map.of(), output);
        return output.toString();
    }

    String signIn(SignIn page) {
        return render("admin/sign-in.jte", page);
    }

    String overview(Overview page) {
        return render("admin/overview.jte", page);
    }

    String connections(ConnectionViews.ListPage page) {
        return render("admin/connections.jte", page);
    }

    String connection(ConnectionViews.DetailPage page) {
        return render("admin/connection.jte", page);
    }

    String diagnosis(ActionViews.DiagnosisPage page) {
        return render("admin/diagnosis.jte", page);
    }

    String reconnectLink(ActionViews.ReconnectLinkPage page) {
        return render("admin/reconnect-link.jte", page);
    }

    String confirmDelete(ActionViews.DeletePage page) {
        return render("admin/delete.jte", page);
    }

    String webhooks(WebhookViews.ListPage page) {
        return render("admin/webhooks.jte", page);
    }

    String webhook(WebhookViews.EndpointPage page) {
        return render("admin/webhook.jte", page);
    }

    String actions(ActionPageViews.ListPage page) {
        return render("admin/actions.jte", page);
    }

    String action(ActionPageViews.DetailPage page) {
        return render("admin/action.jte", page);
    }

    String providers(ProviderViews.ListPage page) {
        return render("admin/providers.jte", page);
    }

    String provider(ProviderViews.DetailPage page) {
        return render("admin/provider.jte", page);
    }

    private String render(String template, Object page) {
        StringOutput output = new StringOutput();
        engine.render(template, page, output);
        return output.toString();
    }

    /** The headers every console answer carries. */
    static void secure(ServerResponse response) {
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.header(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
        response.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        response.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
    }

    /** Sends {@code html} with {@code status} and the console's headers. */
    static void send(ServerResponse response, Status status, String html) {
        response.status(status);
        secure(response);
        response.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        response.send(html);
    }
}
