package dev.tokenkeeper.server.admin;

import dev.tokenkeeper.core.apikey.ApiKeys;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.http.QueryParams;
import dev.tokenkeeper.server.ops.ServiceMetrics;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin console's pages: {@code GET/POST /admin/sign-in}, {@code POST /admin/sign-out}, {@code GET /admin} and
 * {@code GET /admin/style.css}. Every form carries the session's CSRF token; a POST without the right one changes
 * nothing and answers 403. The API key is checked by the same {@code knownKey} the API's filter uses.
 */
public final class AdminConsole implements HttpService {
    private static final Logger LOG = LoggerFactory.getLogger(AdminConsole.class);
    public static final String PATH = "/admin";
    static final String CSRF_FIELD = "csrf";
    static final String KEY_FIELD = "api_key";

    private final AdminSessions sessions;
    private final Pages pages;
    private final Predicate<Secret> knownKey;
    private final OverviewReader overview;
    private final ServiceMetrics metrics;
    private final byte[] stylesheet = stylesheet();

    /**
     * @param knownKey the API key check {@link dev.tokenkeeper.server.http.ApiKeyFilter} uses, so there is one
     */
    public AdminConsole(AdminSessions sessions, Pages pages, Predicate<Secret> knownKey, OverviewReader overview,
            ServiceMetrics metrics) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.knownKey = Objects.requireNonNull(knownKey, "knownKey");
        this.overview = Objects.requireNonNull(overview, "overview");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, QueryParams.none(this::overview))
                .get(PATH + "/style.css", QueryParams.none(this::stylesheet))
                .get(PATH + "/sign-in", QueryParams.none(this::signInForm))
                .post(PATH + "/sign-in", QueryParams.none(this::signIn))
                .post(PATH + "/sign-out", QueryParams.none(this::signOut));
    }

    private void overview(ServerRequest request, ServerResponse response) {
        AdminSessions.Session session = signedIn(request);
        Pages.send(response, Status.OK_200, pages.overview(overview.read(session.csrfToken())));
    }

    private void signInForm(ServerRequest request, ServerResponse response) {
        Optional<AdminSessions.Session> current = current(request);
        if (current.filter(AdminSessions.Session::signedIn).isPresent()) {
            redirect(response, PATH);
            return;
        }
        AdminSessions.Session session = current.map(sessions::touched).orElseGet(sessions::anonymous);
        response.headers().set(HeaderNames.SET_COOKIE, sessions.setCookie(session));
        Pages.send(response, Status.OK_200, pages.signIn(new Pages.SignIn(session.csrfToken(), "")));
    }

    private void signIn(ServerRequest request, ServerResponse response) {
        Optional<Map<String, String>> form = Forms.read(request);
        Optional<AdminSessions.Session> current = current(request);
        if (form.isEmpty() || current.isEmpty() || !current.get().csrfMatches(form.get().get(CSRF_FIELD))) {
            Pages.send(response, Status.FORBIDDEN_403, pages.refused());
            return;
        }
        String key = form.get().getOrDefault(KEY_FIELD, "").strip();
        Optional<Secret> presented = key.isEmpty() ? Optional.empty() : Optional.of(Secret.of(key));
        if (presented.isEmpty() || !knownKey.test(presented.get())) {
            // Never the key typed, not even part of it: the line says that a sign-in was refused and from where.
            LOG.warn("event=console_sign_in outcome=refused remote={}", request.remotePeer().host());
            metrics.consoleSignIn("refused");
            AdminSessions.Session session = sessions.touched(current.get());
            response.headers().set(HeaderNames.SET_COOKIE, sessions.setCookie(session));
            Pages.send(response, Status.UNAUTHORIZED_401, pages.signIn(new Pages.SignIn(session.csrfToken(),
                    key.isEmpty() ? "Enter an API key." : "That API key is not valid.")));
            return;
        }
        // A new session (new CSRF token) once signed in: a token seen before signing in is worth nothing after.
        AdminSessions.Session session = sessions.signedIn(ApiKeys.hash(presented.get()));
        LOG.info("event=console_sign_in outcome=signed_in remote={}", request.remotePeer().host());
        metrics.consoleSignIn("signed_in");
        response.headers().set(HeaderNames.SET_COOKIE, sessions.setCookie(session));
        redirect(response, PATH);
    }

    private void signOut(ServerRequest request, ServerResponse response) {
        if (checkedForm(request, response, pages).isEmpty()) {
            return;
        }
        sessions.end(signedIn(request));
        response.headers().set(HeaderNames.SET_COOKIE, sessions.clearCookie());
        redirect(response, PATH + "/sign-in");
    }

    private void stylesheet(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, "text/css; charset=utf-8");
        response.header(HeaderNames.CACHE_CONTROL, "public, max-age=3600");
        response.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        response.send(stylesheet);
    }

    /**
     * The form of a POST from the signed-in session, when it carries that session's CSRF token; otherwise answers the
     * 403 page and gives nothing, and the caller changes nothing. The one CSRF check of every signed-in form.
     */
    static Optional<Map<String, String>> checkedForm(ServerRequest request, ServerResponse response, Pages pages) {
        AdminSessions.Session session = signedIn(request);
        Optional<Map<String, String>> form = Forms.read(request);
        if (form.isEmpty() || !session.csrfMatches(form.get().get(CSRF_FIELD))) {
            Pages.send(response, Status.FORBIDDEN_403, pages.refused());
            return Optional.empty();
        }
        return form;
    }

    /** The session the gate admitted (only routes behind it call this). */
    static AdminSessions.Session signedIn(ServerRequest request) {
        return request.context().get(AdminSessions.Session.class)
                .orElseThrow(() -> new IllegalStateException("a console page was reached without the session gate"));
    }

    private Optional<AdminSessions.Session> current(ServerRequest request) {
        return Cookies.value(request.headers(), AdminSessions.COOKIE).flatMap(sessions::open);
    }

    private static void redirect(ServerResponse response, String path) {
        response.status(Status.SEE_OTHER_303);
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.header(HeaderNames.LOCATION, path);
        response.send();
    }

    private static byte[] stylesheet() {
        try (InputStream in = AdminConsole.class.getResourceAsStream("admin.css")) {
            if (in == null) {
                throw new IllegalStateException("the console's stylesheet admin.css is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
