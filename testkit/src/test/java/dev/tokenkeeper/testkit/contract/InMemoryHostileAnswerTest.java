package dev.tokenkeeper.testkit.contract;

import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.memory.InMemoryConnectionStore;
import dev.tokenkeeper.memory.InMemoryRefreshLease;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole refresh path against seeded hostile answers, on the in-memory store. */
class InMemoryHostileAnswerTest {
    private static final FakeProvider PROVIDER = FakeProvider.start();
    private static final HostileAnswerCheck CHECK = new HostileAnswerCheck(PROVIDER, clock -> {
        InMemoryRefreshLease leases = new InMemoryRefreshLease(clock);
        return new HostileAnswerCheck.Deployment(new InMemoryConnectionStore(leases), leases);
    });

    static Stream<Long> seeds() {
        return HostileAnswerCheck.seeds(150);
    }

    @AfterAll
    static void close() {
        PROVIDER.close();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void freshToken_recordsEveryAnswer_andNeverCallsSoonerThanTheBackoff_whateverTheProviderSends(long seed) {
        CHECK.check("hostile-" + seed, seed);
    }
}
