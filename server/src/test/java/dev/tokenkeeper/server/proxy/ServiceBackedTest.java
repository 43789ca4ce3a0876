package dev.tokenkeeper.server.proxy;

import dev.tokenkeeper.server.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Starts one real service (with its fake provider) before a test class's tests and stops it after them. */
abstract class ServiceBackedTest {
    static TestService service;

    @BeforeAll
    static void startService() {
        service = TestService.start();
    }

    @AfterAll
    static void stopService() {
        service.close();
    }
}
