package dev.tokenkeeper.server.admin;

import dev.tokenkeeper.server.http.SessionGate;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Objects;
import java.util.Optional;

/**
 * Lets a request with a signed-in console session through, re-sealing the cookie so its idle time starts again, and
 * hands the session to the page (request context); refuses anything else as {@link SessionGate#refuse} does.
 */
public final class AdminGate implements SessionGate {
    private final AdminSessions sessions;
    private final Pages pages;

    public AdminGate(AdminSessions sessions, Pages pages) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    @Override
    public void admit(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Optional<AdminSessions.Session> session = Cookies.value(request.headers(), AdminSessions.COOKIE)
                .flatMap(sessions::open).filter(AdminSessions.Session::signedIn);
        if (session.isEmpty()) {
            Pages.secure(response);
            SessionGate.refuse(request, response, pages.refused());
            return;
        }
        AdminSessions.Session touched = sessions.touched(session.get());
        response.headers().set(HeaderNames.SET_COOKIE, sessions.setCookie(touched));
        request.context().register(touched);
        chain.proceed();
    }
}
