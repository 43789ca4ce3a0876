package dev.tokenkeeper.postgres.rekey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.postgres.connection.EncryptedConnectionColumns;
import dev.tokenkeeper.testkit.logs.StandardErrorCapture;
import dev.tokenkeeper.postgres.setup.EncryptedSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReencryptionTest {
    private final RekeyFixture fixture = new RekeyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void movesEveryValueOfEveryColumnUnderTheNewKey_inSeveralBatchesChangingNothingElse() {
        List<String> ids = fixture.seed(500);
        Map<String, Object> before = fixture.readAll(ids);
        Map<String, Long> values = fixture.valuesPerColumn();
        fixture.cipher.rotate();
        assertThat(fixture.notCurrent(fixture.cipher)).hasSize(fixture.storedCiphertexts().size());

        ReencryptionReport report = fixture.job(7).run();

        assertThat(values).containsEntry("connections.access_token", 500L)
                .containsEntry("connections.refresh_token", 450L).containsEntry("connections.raw", 500L)
                .containsEntry("quarantined_refreshes.tokens", 20L);
        assertThat(report.isComplete()).isTrue();
        assertThat(report.primaryKeyId()).isEqualTo(fixture.cipher.keysetIds().primary());
        assertThat(report.columns()).extracting(ColumnReport::column).containsExactlyElementsOf(values.keySet());
        for (ColumnReport column : report.columns()) {
            assertThat(column.reencrypted()).as(column.column()).isEqualTo(values.get(column.column()));
            assertThat(column.batches()).as(column.column()).isEqualTo((values.get(column.column()) + 6) / 7);
            assertThat(column.undecryptable()).isEmpty();
        }
        assertThat(fixture.notCurrent(fixture.cipher)).isEmpty();
        assertThat(fixture.readAll(ids)).as("values, generations and timestamps unchanged").isEqualTo(before);
    }

    @Test
    void skipsReportsAndLogsUndecryptableValues_andStillReencryptsTheRest() {
        List<String> ids = fixture.seed(60);
        executeSql("update connections set access_token = (select access_token from connections where id = 'c-0004')"
                + " where id = 'c-0003'");
        executeSql("update connections set refresh_token = overlay(refresh_token placing"
                + " (decode(lpad(to_hex(get_byte(refresh_token, 20) # 1), 2, '0'), 'hex')) from 21)"
                + " where id = 'c-0007'");
        fixture.cipher.rotate();

        ReencryptionReport report;
        String logs;
        try (StandardErrorCapture standardError = new StandardErrorCapture()) {
            report = fixture.job(8).run();
            logs = standardError.text();
        }

        assertThat(report.isComplete()).isTrue();
        assertThat(column(report, "connections.access_token").undecryptable()).containsExactly("c-0003");
        assertThat(column(report, "connections.refresh_token").undecryptable()).containsExactly("c-0007");
        assertThat(report.undecryptable()).isEqualTo(2);
        assertThat(column(report, "connections.access_token").reencrypted()).isEqualTo(59);
        assertThat(fixture.notCurrent(fixture.cipher))
                .containsExactlyInAnyOrder("connections.access_token/c-0003", "connections.refresh_token/c-0007");
        assertThat(fixture.find("c-0004").tokens().accessToken().reveal()).isEqualTo("at-secret-4");
        assertThat(logs).contains("connections.access_token skips the row id = c-0003")
                .contains("connections.refresh_token skips the row id = c-0007")
                .doesNotContain("at-secret-").doesNotContain("rt-secret-");
        assertThat(ids).hasSize(60);
    }

    @Test
    void rerunChangesNothing_afterACompleteRun() {
        fixture.seed(100);
        fixture.cipher.rotate();
        assertThat(fixture.job(10).run().isComplete()).isTrue();
        Map<String, byte[]> afterFirstRun = fixture.storedCiphertexts();

        ReencryptionReport rerun = fixture.job(10).run();

        assertThat(rerun.isComplete()).isTrue();
        assertThat(rerun.reencrypted()).isZero();
        assertThat(rerun.columns()).allSatisfy(column -> assertThat(column.batches()).isZero());
        assertThat(fixture.storedCiphertexts()).containsExactlyInAnyOrderEntriesOf(afterFirstRun);
    }

    @Test
    void rerunDoesTheRest_afterARunStoppedMidway() {
        List<String> ids = fixture.seed(200);
        Map<String, Object> before = fixture.readAll(ids);
        fixture.cipher.rotate();
        int total = fixture.storedCiphertexts().size();
        AtomicInteger batchesAsked = new AtomicInteger();

        ReencryptionReport stopped = fixture.job(10).run(() -> batchesAsked.incrementAndGet() > 5);

        assertThat(stopped.stopped()).isTrue();
        assertThat(stopped.isComplete()).isFalse();
        assertThat(stopped.reencrypted()).isEqualTo(50);
        assertThat(stopped.remaining()).isEqualTo(total - 50);
        assertThat(fixture.notCurrent(fixture.cipher)).hasSize(total - 50);
        assertThat(fixture.readAll(ids)).isEqualTo(before);

        ReencryptionReport rerun = fixture.job(10).run();

        assertThat(rerun.isComplete()).isTrue();
        assertThat(rerun.reencrypted()).isEqualTo(total - 50);
        assertThat(fixture.notCurrent(fixture.cipher)).isEmpty();
        assertThat(fixture.readAll(ids)).isEqualTo(before);
    }

    @Test
    void twoInstancesRunningAtOnce_reencryptEachValueOnce() {
        List<String> ids = fixture.seed(300);
        RekeyFixture.Instance other = fixture.otherInstance();
        fixture.cipher.rotate();
        int total = fixture.storedCiphertexts().size();
        Reencryption onOther = new Reencryption(other.database(), other.cipher(), EncryptedConnectionColumns.ALL, 5);

        CompletableFuture<ReencryptionReport> first = CompletableFuture.supplyAsync(() -> fixture.job(5).run());
        CompletableFuture<ReencryptionReport> second = CompletableFuture.supplyAsync(onOther::run);

        assertThat(first.join().isComplete()).isTrue();
        assertThat(second.join().isComplete()).isTrue();
        assertThat(first.join().reencrypted() + second.join().reencrypted()).isEqualTo(total);
        assertThat(fixture.notCurrent(fixture.cipher)).isEmpty();
        assertThat(RekeyFixture.readAll(other.store(), ids)).isEqualTo(fixture.readAll(ids));
    }

    @Test
    void jobEndsWithoutWaitingAndReportsTheRowLeft_whenACommitHoldsItsLockThroughout() {
        fixture.seed(50);
        fixture.cipher.rotate();
        RekeyFixture.RowLock held = fixture.lockRow("c-0005");
        ReencryptionReport report;
        try {
            CompletableFuture<ReencryptionReport> job = CompletableFuture.supplyAsync(() -> fixture.job(10).run());
            await().atMost(Duration.ofMinutes(2)).until(job::isDone);
            report = job.join();
        } finally {
            held.release();
        }

        assertThat(report.isComplete()).isFalse();
        assertThat(report.columns()).extracting(ColumnReport::remaining).containsExactly(1L, 1L, 1L, 0L);
        assertThat(fixture.notCurrent(fixture.cipher)).containsExactlyInAnyOrder("connections.access_token/c-0005",
                "connections.refresh_token/c-0005", "connections.raw/c-0005");
        ReencryptionReport rerun = fixture.job(10).run();
        assertThat(rerun.isComplete()).isTrue();
        assertThat(rerun.reencrypted()).isEqualTo(3);
    }

    @Test
    void laterPassTakesARowSkippedAsLocked_whenTheCommitHoldingItEnds() {
        fixture.seed(100);
        fixture.cipher.rotate();
        AtomicInteger batchesAsked = new AtomicInteger();

        RekeyFixture.RowLock held = fixture.lockRow("c-0000");
        ReencryptionReport report;
        try {
            CompletableFuture<ReencryptionReport> job = CompletableFuture.supplyAsync(() -> fixture.job(10).run(() -> {
                if (batchesAsked.incrementAndGet() == 3) {
                    held.release();
                }
                return false;
            }));
            await().atMost(Duration.ofMinutes(2)).until(job::isDone);
            report = job.join();
        } finally {
            held.release();
        }

        assertThat(report.isComplete()).isTrue();
        assertThat(column(report, "connections.access_token").reencrypted()).isEqualTo(100);
        assertThat(fixture.notCurrent(fixture.cipher)).isEmpty();
    }

    @Test
    void backgroundJobEndsByItself_whenNothingRemains() {
        fixture.seed(100);
        fixture.cipher.rotate();

        try (BackgroundReencryption running = BackgroundReencryption.start(fixture.job(10))) {
            await().until(() -> running.report().isDone());
            assertThat(running.report().join().isComplete()).isTrue();
        }
        assertThat(fixture.notCurrent(fixture.cipher)).isEmpty();
    }

    @Test
    void closeStopsTheBackgroundJobBetweenBatches_andARerunDoesTheRest() {
        fixture.seed(200);
        fixture.cipher.rotate();
        int total = fixture.storedCiphertexts().size();

        BackgroundReencryption running = BackgroundReencryption.start(fixture.job(5));
        running.close();
        ReencryptionReport closed = running.report().join();
        ReencryptionReport rerun = fixture.job(5).run();

        assertThat(closed.reencrypted() + rerun.reencrypted()).isEqualTo(total);
        assertThat(closed.remaining()).isEqualTo(total - closed.reencrypted());
        assertThat(rerun.isComplete()).isTrue();
        assertThat(fixture.notCurrent(fixture.cipher)).isEmpty();
    }

    @Test
    void describedColumns_areEveryByteaColumnOfTheSchema_butTheHashes() {
        // SHA-256 hashes of 256 random bits (API keys, connect-session states, reconnect-link tokens) need no
        // encryption.
        Set<String> notEncrypted = Set.of("api_keys.sha256", "connect_sessions.state_sha256",
                "reconnect_links.token_hash");
        Set<String> byteaColumns = new HashSet<>();
        fixture.database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select table_name || '.' || column_name"
                    + " from information_schema.columns where table_schema = 'public' and data_type = 'bytea'");
                    ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    byteaColumns.add(row.getString(1));
                }
            }
            return null;
        });
        assertThat(byteaColumns).containsAll(notEncrypted);
        byteaColumns.removeAll(notEncrypted);

        assertThat(EncryptedSchema.COLUMNS).extracting(EncryptedColumn::name)
                .as("every encrypted column is re-encrypted on rotation").containsExactlyInAnyOrderElementsOf(
                        byteaColumns);
    }

    private static ColumnReport column(ReencryptionReport report, String name) {
        return report.columns().stream().filter(column -> column.column().equals(name)).findFirst().orElseThrow();
    }

    private void executeSql(String sql) {
        List<Integer> updated = new ArrayList<>();
        fixture.database.withConnection(db -> {
            try (Statement statement = db.createStatement()) {
                updated.add(statement.executeUpdate(sql));
            }
            return null;
        });
        assertThat(updated).containsExactly(1);
    }
}
