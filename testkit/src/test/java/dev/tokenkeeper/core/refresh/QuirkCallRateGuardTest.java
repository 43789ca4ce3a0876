package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.token.ExpiryPolicy;
import dev.tokenkeeper.fake.QuirkScope;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Guards the provider from us: for every quirk the fake provider offers (found by reflection on {@link QuirkScope}, so
 * a new quirk is covered, or fails this test until it gets argument values), a real scheduler runs a few connections
 * for a bounded time, and no connection gets more token requests than the backoff allows in that time.
 */
class QuirkCallRateGuardTest {
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final int CONNECTIONS_PER_CASE = 2;
    private static final Backoff BACKOFF = Backoff.DEFAULT;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** One quirk setter with one set of arguments. */
    private record QuirkCase(Method setter, List<Object> arguments) {
        void applyTo(QuirkScope scope) throws ReflectiveOperationException {
            setter.invoke(scope, arguments.toArray());
        }

        @Override
        public String toString() {
            return setter.getName() + arguments.stream().map(QuirkCallRateGuardTest::describe).toList();
        }
    }

    @Test
    void scheduler_staysWithinTheBackoffsCallRate_forEveryQuirkOfTheFakeProvider() throws Exception {
        RefreshSettings settings = new RefreshSettings("guard", Duration.ofSeconds(2), Duration.ofSeconds(4),
                ExpiryPolicy.DEFAULT, BACKOFF);
        try (EngineFixture fixture = new EngineFixture()) {
            Map<String, QuirkCase> byConnection = new LinkedHashMap<>();
            Map<String, String> grants = new LinkedHashMap<>();
            List<String> uncovered = new ArrayList<>();
            for (Method setter : quirkSetters()) {
                int applied = 0;
                for (QuirkCase quirkCase : cases(setter)) {
                    for (int i = 0; i < CONNECTIONS_PER_CASE; i++) {
                        String id = "guard-" + byConnection.size();
                        EngineFixture.Imported imported = fixture.importDue(id);
                        try {
                            quirkCase.applyTo(fixture.provider.grantQuirks(imported.grantId()));
                        } catch (InvocationTargetException refused) {
                            fixture.store.delete(id);
                            continue;
                        }
                        byConnection.put(id, quirkCase);
                        grants.put(id, imported.grantId());
                        applied++;
                    }
                }
                if (applied == 0) {
                    uncovered.add(setter.getName());
                }
            }
            assertThat(uncovered).as("quirks no argument values were accepted for").isEmpty();

            Instant start = Instant.now();
            try (RefreshScheduler scheduler = new RefreshScheduler(fixture.engine(settings), fixture.schedule(),
                    new SchedulerSettings(256, 256, Duration.ofMillis(200), Duration.ofMillis(50)))) {
                scheduler.start();
                await().during(WINDOW).atMost(WINDOW.plusSeconds(30))
                        .until(() -> scheduler.errorCount() == 0);
            }
            Duration ran = Duration.between(start, Instant.now());

            long allowed = allowedCalls(ran);
            List<String> over = new ArrayList<>();
            byConnection.forEach((id, quirkCase) -> {
                long calls = fixture.provider.refreshCount(grants.get(id));
                if (calls > allowed) {
                    over.add(quirkCase + " on " + id + ": " + calls + " calls in " + ran.toMillis() + " ms ("
                            + calls * 60_000 / Math.max(1, ran.toMillis()) + "/min)");
                }
            });
            assertThat(over).as("connections called more often than the backoff allows (%d calls in %d ms)",
                    allowed, ran.toMillis()).isEmpty();
            assertThat(byConnection.values().stream().map(QuirkCase::setter).distinct())
                    .as("every quirk ran").containsExactlyInAnyOrderElementsOf(quirkSetters());
        }
    }

    /** The most token requests one connection can get in {@code window}: one now, then one per backoff floor. */
    private static long allowedCalls(Duration window) {
        long calls = 1;
        long spent = 0;
        for (int failures = 0; ; failures++) {
            spent += BACKOFF.floorMillis(failures);
            if (spent > window.toMillis()) {
                return calls;
            }
            calls++;
        }
    }

    private static List<Method> quirkSetters() {
        return Arrays.stream(QuirkScope.class.getDeclaredMethods())
                .filter(method -> Modifier.isPublic(method.getModifiers()))
                .filter(method -> method.getReturnType() == QuirkScope.class && method.getParameterCount() > 0)
                .sorted(Comparator.comparing(Method::toGenericString))
                .toList();
    }

    /** Every combination of the candidate values of the setter's parameters. */
    private static List<QuirkCase> cases(Method setter) {
        List<List<Object>> combinations = List.of(List.of());
        Class<?>[] types = setter.getParameterTypes();
        int ints = 0;
        for (Class<?> type : types) {
            List<Object> candidates = candidates(type, type == int.class ? ints++ : 0);
            List<List<Object>> longer = new ArrayList<>();
            for (List<Object> prefix : combinations) {
                for (Object candidate : candidates) {
                    List<Object> next = new ArrayList<>(prefix);
                    next.add(candidate);
                    longer.add(next);
                }
            }
            combinations = longer;
        }
        return combinations.stream().map(arguments -> new QuirkCase(setter, arguments)).toList();
    }

    /**
     * Candidate values for a parameter of {@code type}; hostile where the type allows it. The first int of a setter
     * is a request count (every request), a later one a status.
     */
    private static List<Object> candidates(Class<?> type, int intPosition) {
        Instant now = Instant.now();
        if (type == int.class) {
            return intPosition == 0 ? List.of(1_000_000) : List.of(200, 400, 429, 503);
        }
        if (type == boolean.class) {
            return List.of(true);
        }
        if (type == Duration.class) {
            return List.of(Duration.ZERO, Duration.ofMinutes(1));
        }
        if (type == Instant.class) {
            return List.of(now.minus(Duration.ofHours(1)), Instant.EPOCH, now.plus(Duration.ofDays(3650)));
        }
        if (type == Map.class) {
            return List.of(Map.of("Retry-After", "0"), Map.of("Retry-After", HTTP_DATE.format(now.minusSeconds(60)),
                    "Content-Type", "application/json"), Map.of("Retry-After", "-1"));
        }
        if (type == String.class) {
            return List.of("{\"error\":\"temporarily_unavailable\",\"error_description\":\"a\u0000b\\u0000\\ud800\"}",
                    "<html>\u0000</html>");
        }
        if (type == byte[].class) {
            byte[] bytes = new byte[4_096];
            new SplittableRandom(9).nextBytes(bytes);
            return List.of(bytes, "{\"ok\":false}\u0000".getBytes(StandardCharsets.UTF_8));
        }
        if (type.isEnum()) {
            return List.of(type.getEnumConstants());
        }
        throw new AssertionError("no candidate values for a quirk parameter of type " + type.getName()
                + ": add some to this guard");
    }

    private static String describe(Object argument) {
        return argument instanceof byte[] bytes ? "byte[" + bytes.length + "]" : String.valueOf(argument)
                .replace("\u0000", "\\0");
    }
}
