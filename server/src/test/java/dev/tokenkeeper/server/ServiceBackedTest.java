package dev.tokenkeeper.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Starts one real service (with its fake provider) before a test class's tests and stops it after them. */
public abstract class ServiceBackedTest {
    protected static TestService service;

    @BeforeAll
    static void startService() {
        service = TestService.start();
    }

    @AfterAll
    static void stopService() {
        service.close();
    }
}
