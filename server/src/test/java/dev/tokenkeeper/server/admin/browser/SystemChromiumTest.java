package dev.tokenkeeper.server.admin.browser;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing browser fails the browser tests with the command that fixes it; it never skips them. */
class SystemChromiumTest {
    @Test
    void ensurePresent_whenTheBrowserIsMissingAndCannotBeInstalled_failsWithTheFix(@TempDir Path directory) {
        Path missing = directory.resolve("chromium");

        assertThatThrownBy(() -> SystemChromium.ensurePresent(missing, SystemChromium.DRIVER, false,
                directory.resolve("install.log")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("apt-get install -y --no-install-recommends chromium chromium-driver");
    }
}
