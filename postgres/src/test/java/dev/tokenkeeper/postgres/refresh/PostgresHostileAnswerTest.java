package dev.tokenkeeper.postgres.refresh;

import dev.tokenkeeper.postgres.PostgresFixture;
import dev.tokenkeeper.testkit.contract.HostileAnswerCheck;
import dev.tokenkeeper.fake.FakeProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole refresh path against seeded hostile answers on PostgreSQL, where a NUL character or an unpaired surrogate
 * in an event or an error would make the commit fail (jsonb and text cannot hold them).
 */
class PostgresHostileAnswerTest {
    private static FakeProvider provider;
    private static PostgresFixture postgres;
    private static HostileAnswerCheck check;

    @BeforeAll
    static void open() {
        provider = FakeProvider.start();
        postgres = PostgresFixture.open();
        check = new HostileAnswerCheck(provider,
                clock -> new HostileAnswerCheck.Deployment(postgres.store(), postgres.leases()));
    }

    @AfterAll
    static void close() {
        postgres.close();
        provider.close();
    }

    static Stream<Long> seeds() {
        return HostileAnswerCheck.seeds(100);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void freshToken_recordsEveryAnswer_andNeverCallsSoonerThanTheBackoff_whateverTheProviderSends(long seed) {
        check.check("pg-hostile-" + seed, seed);
    }
}
