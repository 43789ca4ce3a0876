package dev.tokenkeeper.fake;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fake provider's sign-in and consent page, shown by {@code GET /oauth/authorize} when switched on: the user types
 * a username (the subject of the grant, prefilled from {@code login_hint}) and allows or denies; the form posts the
 * authorization request back with the decision. Every value is escaped for HTML.
 */
final class SignInPage {
    /** The form fields the page adds to the authorization request's parameters. */
    static final String USERNAME = "username";
    static final String DECISION = "decision";
    static final String ALLOW = "allow";
    private static final Set<String> OWN_FIELDS = Set.of(USERNAME, DECISION);

    private SignInPage() {}

    /** The page for the authorization request {@code query}. */
    static HttpReply render(Form query) {
        StringBuilder hidden = new StringBuilder();
        new TreeMap<>(query.params()).forEach((name, value) -> {
            if (!OWN_FIELDS.contains(name)) {
                hidden.append("<input type=\"hidden\" name=\"").append(escape(name)).append("\" value=\"")
                        .append(escape(value)).append("\">\n");
            }
        });
        String scope = query.get("scope") == null ? "no particular scope" : query.get("scope");
        String hint = query.get("login_hint") == null ? "" : query.get("login_hint");
        String html = """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Sign in · Fake provider</title></head>
                <body>
                <h1>Sign in to the fake provider</h1>
                <p>The application <strong id="client">%s</strong> asks for: <span id="scope">%s</span>.</p>
                <form method="post" action="/oauth/authorize">
                %s<label for="username">Username</label>
                <input id="username" name="username" value="%s" autocomplete="username">
                <button type="submit" name="decision" value="allow">Sign in and allow</button>
                <button type="submit" name="decision" value="deny">Deny</button>
                </form>
                </body>
                </html>
                """.formatted(escape(query.get("client_id")), escape(scope), hidden, escape(hint));
        return new HttpReply(200, Map.of("Content-Type", "text/html; charset=utf-8", "Cache-Control", "no-store"),
                html.getBytes(StandardCharsets.UTF_8), null);
    }

    private static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
