package dev.tokenkeeper.server.admin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless system Chromium shared by a test class's tests (register it as a static {@code @RegisterExtension}):
 * {@link #visit} opens a console path, {@link #snap} saves a full-page screenshot as
 * {@code target/console-screenshots/<test>-<n>-<page>.png}, {@link #signIn} types an API key into the sign-in form.
 * The base URL is read when first needed, so the service may start after the browser.
 */
public final class ConsoleBrowser
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, TestExecutionExceptionHandler {
    /** A laptop's window, the size the pages are shown at unless a test emulates a phone. */
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 900;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final Supplier<URI> base;
    private Path target;
    private Path profile;
    private ChromeDriver driver;
    private String test = "class";
    private int shots;
    private int pages;

    /** A browser for the console of the service at {@code base} (read lazily: the service may start later). */
    public ConsoleBrowser(Supplier<URI> base) {
        this.base = base;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        target = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target");
        SystemChromium.ensurePresent(target);
        Files.createDirectories(screenshots());
        profile = Files.createTempDirectory("tokenkeeper-chromium");
        driver = SystemChromium.start(profile, target.resolve("chromedriver-"
                + context.getRequiredTestClass().getSimpleName() + ".log"), WIDTH, HEIGHT);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        test = context.getRequiredTestMethod().getName();
        shots = 0;
        try (var earlier = Files.list(screenshots())) { // an earlier run's, so that the folder shows this run only
            earlier.filter(file -> file.getFileName().toString().startsWith(test + "-")).forEach(file -> file.toFile()
                    .delete());
        }
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of()); // every site's, whatever the page
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** Saves what the browser showed when a test failed, as {@code <test>-<n>-failed.png}, then fails the test. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        try {
            snap("failed");
        } catch (RuntimeException | Error unavailable) {
            failure.addSuppressed(unavailable);
        }
        throw failure;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (profile != null) {
                try (var files = Files.walk(profile)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    /** The browser itself, for what the helpers do not cover. */
    public WebDriver driver() {
        return driver;
    }

    /** The absolute URL of a console path. */
    public URI url(String path) {
        return base.get().resolve(path);
    }

    /** Opens {@code path} (or an absolute URL) and saves its screenshot as {@code page}. */
    public void visit(String pathOrUrl, String page) {
        driver.get(pathOrUrl.startsWith("/") ? url(pathOrUrl).toString() : pathOrUrl);
        snap(page);
    }

    /** Saves a full-page screenshot of what the browser shows now as {@code <test>-<n>-<page>.png}. */
    public Path snap(String page) {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png", "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0,
                        "width", ((Number) size.get("width")).doubleValue(),
                        "height", ((Number) size.get("height")).doubleValue(), "scale", 1)));
        Path file = screenshots().resolve(test + "-" + String.format("%02d", ++shots) + "-" + page.replaceAll("[^A-Za-z0-9_.-]", "_")
                + ".png");
        try {
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Signs in on the form with {@code apiKey}; asserts the overview opens. */
    public void signIn(String apiKey) {
        visit("/admin/sign-in", "sign-in");
        type(By.id("api_key"), apiKey);
        submit(By.cssSelector("form[action='/admin/sign-in'] button[type=submit]"), "overview");
        assertThat(driver.getCurrentUrl()).isEqualTo(url("/admin").toString());
    }

    /** Clears the field and types {@code text} into it, key by key. */
    public void type(By field, String text) {
        WebElement element = driver.findElement(field);
        element.clear();
        element.sendKeys(text);
    }

    /** Clicks the button (a form's submit), waits for the next page and saves its screenshot as {@code page}. */
    public void submit(By button, String page) {
        follow(button, page);
    }

    /** Clicks the link or button, waits for the page it opens and saves its screenshot as {@code page}. */
    public void follow(By link, String page) {
        WebElement clicked = driver.findElement(link);
        String marker = "page-" + (++pages);
        script("window.__tokenkeeperPage = arguments[0]", marker); // gone once the next document replaces this one
        clicked.click();
        until(ignored -> isNextPageLoaded(marker));
        snap(page);
    }

    /** The button whose visible text is {@code text}. */
    public static By button(String text) {
        return By.xpath("//button[normalize-space()='" + text + "']");
    }

    /** The visible text of the element found by {@code locator}. */
    public String text(By locator) {
        return driver.findElement(locator).getText();
    }

    /** How many elements the page holds that {@code css} selects. */
    public int count(String css) {
        return driver.findElements(By.cssSelector(css)).size();
    }

    /** Runs test-side script in the page (the console's pages need none). */
    public Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Waits, within a generous bound, until {@code condition} holds. */
    public <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    /** Emulates a phone's screen ({@code width} x {@code height} CSS pixels, mobile viewport) until the next test. */
    public void phone(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", true));
    }

    /**
     * The page's width and its viewport's, in CSS pixels: {@code document.documentElement.scrollWidth} and
     * {@code window.innerWidth} (a mobile viewport zooms out to show a page wider than the screen, so a page that
     * fits has both equal to the screen's width, or less for the first).
     */
    public Widths widths() {
        List<?> widths = (List<?>) script("return [document.documentElement.scrollWidth, window.innerWidth]");
        return new Widths(((Number) widths.get(0)).longValue(), ((Number) widths.get(1)).longValue());
    }

    /** A page's width and its viewport's. */
    public record Widths(long scrollWidth, long innerWidth) {
    }

    private Path screenshots() {
        return target.resolve("console-screenshots");
    }

    /**
     * Whether the document that replaced the one marked {@code marker} has loaded. Asked of the window rather than of
     * the clicked element: while a page is being replaced, drivers answer a question about the old page's element
     * with a stale-element error, or (Chromium 156) with "Node with given id does not belong to the document", and a
     * script may fail too; all of those mean "not yet".
     */
    private boolean isNextPageLoaded(String marker) {
        try {
            return !marker.equals(script("return window.__tokenkeeperPage"))
                    && "complete".equals(script("return document.readyState"));
        } catch (WebDriverException navigating) {
            return false;
        }
    }
}
