package dev.tokenkeeper.server.connect;

/**
 * The small HTML pages the callback answers: self-contained (no scripts, no external resources), with everything
 * they show HTML-escaped.
 */
final class CallbackPage {
    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}"
            + "main{max-width:34rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:8px;"
            + "box-shadow:0 1px 4px rgba(0,0,0,.12)}h1{font-size:1.4rem;margin-top:0}"
            + ".code{color:#5b6475;font-size:.85rem}";

    private CallbackPage() {}

    /** The page of a failure: what happened, what to do, and its code. */
    static String failure(CallbackFailure failure) {
        return page(failure.headline(), paragraph(failure.detail()) + paragraph(failure.advice())
                + "<p class=\"code\">Code: " + escape(failure.code()) + "</p>");
    }

    /** The page of a success, when the session named no {@code redirect_after}. */
    static String connected(CallbackOutcome.Connected connected) {
        String what = connected.reconnected() ? "reconnected" : "connected";
        return page("Connected", paragraph("Your " + connected.providerKey() + " account is " + what
                + ". You can close this window and go back to the application.")
                + "<p class=\"code\">Connection: " + escape(connected.connectionId()) + "</p>");
    }

    /** A page with a headline and one paragraph (a reconnect link that cannot be opened). */
    static String notice(String title, String text) {
        return page(title, paragraph(text));
    }

    /** Text with the five characters that matter in HTML text and attributes replaced by entities. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
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

    private static String paragraph(String text) {
        return "<p>" + escape(text) + "</p>";
    }

    private static String page(String title, String body) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex\"><title>" + escape(title) + " \u2013 Tokenkeeper</title>"
                + "<style>" + STYLE + "</style></head>\n<body><main><h1>" + escape(title) + "</h1>" + body
                + "</main></body></html>\n";
    }
}
