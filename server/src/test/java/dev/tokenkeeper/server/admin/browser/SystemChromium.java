package dev.tokenkeeper.server.admin.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's Chromium and chromedriver (Debian's {@code chromium} and {@code chromium-driver}): installs them with
 * apt-get when they are missing and the tests run as root, fails with the command to run otherwise, and starts a
 * headless browser that never downloads a driver or a browser (Selenium Manager is never asked: both paths are set)
 * and resolves no host name (only loopback is reachable).
 */
public final class SystemChromium {
    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final String FIX = "apt-get update && apt-get install -y --no-install-recommends chromium chromium-driver";
    private static final Duration INSTALL_BOUND = Duration.ofMinutes(10);
    private static final Path APT = Path.of("/usr/bin/apt-get");
    /** Held so that its level stays: the tests use no DevTools binding, so no CDP version needs to match. */
    private static final Logger CDP_VERSIONS = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private SystemChromium() {
    }

    /** Makes sure the system browser and driver are there, installing them once if this process may. */
    static synchronized void ensurePresent(Path targetDirectory) {
        ensurePresent(BROWSER, DRIVER, mayInstall(), targetDirectory.resolve("chromium-install.log"));
    }

    /**
     * Returns when {@code browser} and {@code driver} are executable; when not and {@code mayInstall}, runs apt-get
     * (output to {@code log}, each command bounded in time) and checks again; fails with the fix otherwise.
     */
    static void ensurePresent(Path browser, Path driver, boolean mayInstall, Path log) {
        if (present(browser, driver)) {
            return;
        }
        String outcome = "not installed: the tests run without root or without apt-get";
        if (mayInstall) {
            outcome = install(log);
            if (present(browser, driver)) {
                return;
            }
        }
        throw new AssertionError("The console's browser tests need " + browser + " and " + driver
                + " (Debian's chromium and chromium-driver packages), which are missing (" + outcome
                + "). Install them, as root, with: " + FIX);
    }

    /** A headless Chromium of {@code width} x {@code height} with its profile in {@code profile}. */
    static ChromeDriver start(Path profile, Path driverLog, int width, int height) {
        CDP_VERSIONS.setLevel(Level.SEVERE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(driverLog.toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile,
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
                "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
                "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
                "--password-store=basic", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(90)).scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    private static boolean present(Path browser, Path driver) {
        return Files.isExecutable(browser) && Files.isExecutable(driver);
    }

    private static boolean mayInstall() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(APT);
    }

    private static String install(Path log) {
        try {
            Files.createDirectories(log.getParent());
            for (List<String> command : List.of(List.of(APT.toString(), "update"),
                    List.of(APT.toString(), "install", "-y", "--no-install-recommends", "chromium",
                            "chromium-driver"))) {
                String failure = run(command, log);
                if (failure != null) {
                    return failure + "; see " + log.toAbsolutePath();
                }
            }
            return "apt-get ran; see " + log.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(List<String> command, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process process = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(INSTALL_BOUND.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not end within " + INSTALL_BOUND;
            }
            return process.exitValue() == 0 ? null
                    : String.join(" ", command) + " exited with " + process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return String.join(" ", command) + " was interrupted";
        }
    }
}
