package dev.tokenkeeper.server.admin;

import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without JavaScript for the console's tests: it keeps the {@code tk_admin} cookie as a browser would
 * (set, replaced, removed by {@code Max-Age=0}), sends forms, follows nothing by itself, and goes through the
 * service's {@link ApiClient}, so every answer is checked against the OpenAPI document.
 */
public final class AdminBrowser {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");
    private final ApiClient api;
    private String cookie;

    public AdminBrowser(ApiClient api) {
        this.api = api;
    }

    public Answer get(String path) {
        return keep(api.send(withCookie(api.unauthenticated(path).GET())));
    }

    public Answer post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return keep(api.send(withCookie(api.unauthenticated(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)))));
    }

    /** Opens the sign-in form and sends {@code apiKey} with the form's CSRF token. */
    public Answer signIn(String apiKey) {
        Answer form = get("/admin/sign-in");
        return post("/admin/sign-in", fields("csrf", csrfOf(form), "api_key", apiKey));
    }

    /** The CSRF token of the first form on a page. */
    static String csrfOf(Answer page) {
        Matcher matcher = CSRF.matcher(page.text());
        if (!matcher.find()) {
            throw new AssertionError("no CSRF field on the page: " + page.text());
        }
        return matcher.group(1);
    }

    static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    /** The cookie value the browser holds (null when none). */
    public String cookie() {
        return cookie;
    }

    public void cookie(String value) {
        cookie = value;
    }

    /** A browser signed in with {@code apiKey}; fails when the sign-in does not redirect to the overview. */
    public static AdminBrowser signedIn(ApiClient api, String apiKey) {
        AdminBrowser browser = new AdminBrowser(api);
        Answer answer = browser.signIn(apiKey);
        if (answer.status() != 303) {
            throw new AssertionError("the sign-in answered " + answer.status() + ": " + answer.text());
        }
        return browser;
    }

    /** The {@code Cookie} header this browser sends (null when it holds no session cookie). */
    public String cookieHeader() {
        return cookie == null ? null : AdminSessions.COOKIE + "=" + cookie;
    }

    private HttpRequest.Builder withCookie(HttpRequest.Builder request) {
        return cookie == null ? request : request.header("Cookie", AdminSessions.COOKIE + "=" + cookie);
    }

    private Answer keep(Answer answer) {
        for (String setCookie : answer.headers().allValues("Set-Cookie")) {
            if (!setCookie.startsWith(AdminSessions.COOKIE + "=")) {
                continue;
            }
            String value = setCookie.substring(AdminSessions.COOKIE.length() + 1, setCookie.indexOf(';'));
            cookie = setCookie.contains("Max-Age=0") || value.isEmpty() ? null : value;
        }
        return answer;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
