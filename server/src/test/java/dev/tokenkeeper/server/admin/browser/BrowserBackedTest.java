package dev.tokenkeeper.server.admin.browser;

import dev.tokenkeeper.server.ServiceBackedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real service (with its fake provider) and one headless system Chromium per test class, for the console's
 * browser tests: extend it, call {@link #signIn()}, then {@code browser.visit(...)}, {@code browser.submit(...)}.
 */
public abstract class BrowserBackedTest extends ServiceBackedTest {
    /** The class's browser; its screenshots go to {@code target/console-screenshots}. */
    @RegisterExtension
    protected static final ConsoleBrowser browser = new ConsoleBrowser(() -> service.api.base());

    /** Signs the browser in with the service's admin key, on the sign-in form. */
    protected static void signIn() {
        browser.signIn(service.apiKey.reveal());
    }
}
