package dev.tokenkeeper.server;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * Starts one real service (with its fake provider) before a test class's tests and stops it after them; without
 * proactive refresh unless the class is marked {@link ProactiveRefresh}.
 */
public abstract class ServiceBackedTest {
    protected static TestService service;

    /** The class's service refreshes proactively (and so re-verifies a misconfigured provider's connections). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface ProactiveRefresh {}

    @BeforeAll
    static void startService(TestInfo test) {
        boolean schedule = test.getTestClass().map(type -> type.isAnnotationPresent(ProactiveRefresh.class))
                .orElse(false);
        service = TestService.start(schedule, UnaryOperator.identity());
    }

    @AfterAll
    static void stopService() {
        service.close();
    }
}
