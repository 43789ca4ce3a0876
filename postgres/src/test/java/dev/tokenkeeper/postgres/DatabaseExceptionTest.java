package dev.tokenkeeper.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which database failures are the database's availability (try again) and which are a statement's fault (a bug). */
class DatabaseExceptionTest {

    @ParameterizedTest(name = "SQLSTATE {0} transient: {1}")
    @CsvSource({
            "08006, true", // connection failure
            "08001, true", // cannot connect
            "57P01, true", // terminated by an administrator
            "57P03, true", // the database is starting up
            "53300, true", // too many connections
            "40001, true", // serialization failure
            "40P01, true", // deadlock
            "55000, true", // the database does not accept connections
            "55P03, true", // lock not available
            "23505, false", // a unique violation: the statement's fault
            "42P01, false", // no such table: a bug
            "22P02, false"}) // invalid text representation: a bug
    void isTransient_followsTheSqlState(String state, boolean expected) {
        DatabaseException failure = new DatabaseException("statement failed", new SQLException("failed", state));

        assertThat(failure.isTransient()).isEqualTo(expected);
    }

    @Test
    void isTransient_whenThePoolGaveNoConnectionInTime() {
        DatabaseException failure = new DatabaseException("statement failed",
                new SQLTransientConnectionException("tokenkeeper - Connection is not available"));

        assertThat(failure.isTransient()).isTrue();
    }

    @Test
    void isTransient_findsTheStateOfAWrappedCause_butNotWithoutOne() {
        SQLException wrapped = new SQLException("batch failed", null, new SQLException("gone", "08006"));

        assertThat(new DatabaseException("transaction failed", wrapped).isTransient()).isTrue();
        assertThat(new DatabaseException("statement failed", new SQLException("no state")).isTransient()).isFalse();
    }
}
