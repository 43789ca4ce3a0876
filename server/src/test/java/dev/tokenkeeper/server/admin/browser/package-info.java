/**
 * The console in a real browser: Debian's headless Chromium driven by Selenium through the system chromedriver, one
 * browser per test class, a screenshot of every page a test visits under {@code target/console-screenshots}.
 */
package dev.tokenkeeper.server.admin.browser;
