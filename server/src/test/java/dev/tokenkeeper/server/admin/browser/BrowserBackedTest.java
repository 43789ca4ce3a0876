package dev.tokenkeeper.server.admin.browser;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** Asserts the page fits a phone {@code width} wide: no horizontal scroll, and a viewport not zoomed out. */
    protected static void assertFits(int width) {
        ConsoleBrowser.Widths widths = browser.widths();
        assertThat(widths.innerWidth()).as("the viewport of %s, not zoomed out", browser.driver().getCurrentUrl())
                .isEqualTo(width);
        assertThat(widths.scrollWidth()).as("the width of %s", browser.driver().getCurrentUrl())
                .isLessThanOrEqualTo(widths.innerWidth());
    }
}
