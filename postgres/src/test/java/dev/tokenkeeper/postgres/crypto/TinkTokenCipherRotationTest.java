package dev.tokenkeeper.postgres.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.testkit.logs.StandardErrorCapture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinkTokenCipherRotationTest {
    private static final String FIELD = "connection:c1:refresh_token";
    private static final byte[] TOKEN = "1//0refresh-token".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dataDirectory;

    @Test
    void rotateKeepsOldCiphertextsDecryptableButNotCurrent_whenANewPrimaryIsAdded() {
        TinkTokenCipher cipher = TinkTokenCipher.open(KeysetFile.generatedIn(dataDirectory));
        byte[] before = cipher.encrypt(TOKEN, FIELD);
        KeysetIds old = cipher.keysetIds();

        KeysetIds rotated = cipher.rotate();
        byte[] after = cipher.encrypt(TOKEN, FIELD);

        assertThat(rotated.primary()).isNotEqualTo(old.primary());
        assertThat(rotated.all()).containsExactlyInAnyOrder(old.primary(), rotated.primary());
        assertThat(cipher.keysetIds()).isEqualTo(rotated);
        assertThat(cipher.decrypt(before, FIELD)).isEqualTo(TOKEN);
        assertThat(cipher.decrypt(after, FIELD)).isEqualTo(TOKEN);
        assertThat(cipher.isCurrent(before)).isFalse();
        assertThat(cipher.isCurrent(after)).isTrue();
    }

    @Test
    void rotateSavesTheNewKeyset_whenTheKeysetCameFromAFile() {
        TinkTokenCipher cipher = TinkTokenCipher.open(KeysetFile.generatedIn(dataDirectory));
        cipher.rotate();
        byte[] underNewKey = cipher.encrypt(TOKEN, FIELD);

        TinkTokenCipher restarted = TinkTokenCipher.open(KeysetFile.at(dataDirectory.resolve("keyset.json")));

        assertThat(restarted.keysetIds()).isEqualTo(cipher.keysetIds());
        assertThat(restarted.decrypt(underNewKey, FIELD)).isEqualTo(TOKEN);
        assertThat(restarted.isCurrent(underNewKey)).isTrue();
    }

    @Test
    void rotateIsRefusedAndChangesNothing_whenTheKeysetWasGivenInline() {
        String json = Keysets.serialize(Keysets.generate());
        TinkTokenCipher cipher = TinkTokenCipher.open(new InlineKeyset(json));
        byte[] before = cipher.encrypt(TOKEN, FIELD);
        KeysetIds ids = cipher.keysetIds();

        assertThat(cipher.canRotate()).isFalse();
        assertThatThrownBy(cipher::rotate)
                .isInstanceOf(KeysetException.class)
                .hasMessageStartingWith("TOKENKEEPER_KEYSET: ")
                .hasMessageContaining("cannot be saved")
                .satisfies(failure -> KeyMaterial.of(json).assertAbsentFrom(failure.getMessage()));
        assertThat(cipher.keysetIds()).isEqualTo(ids);
        assertThat(cipher.isCurrent(before)).isTrue();
    }

    @Test
    void rotateChangesNothing_whenTheKeysetFileCannotBeWritten() throws Exception {
        Path directory = dataDirectory.resolve("keys");
        TinkTokenCipher cipher = TinkTokenCipher.open(KeysetFile.generatedIn(directory));
        KeysetIds ids = cipher.keysetIds();
        byte[] before = cipher.encrypt(TOKEN, FIELD);
        Files.delete(directory.resolve("keyset.json"));
        Files.delete(directory);
        Files.writeString(directory, "a file where the keyset's directory was");

        assertThat(cipher.canRotate()).isTrue();
        assertThatThrownBy(cipher::rotate)
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("keyset file " + directory.resolve("keyset.json"))
                .hasMessageContaining("cannot be written");
        assertThat(cipher.keysetIds()).isEqualTo(ids);
        assertThat(cipher.isCurrent(before)).isTrue();
    }

    @Test
    void logsOfRotationHoldKeyIdsButNoKeyMaterial_whenRotating() {
        TinkTokenCipher cipher = TinkTokenCipher.open(KeysetFile.generatedIn(dataDirectory));
        String logs;
        try (StandardErrorCapture standardError = new StandardErrorCapture()) {
            cipher.rotate();
            logs = standardError.text();
        }

        assertThat(logs).contains("rotated").contains(String.valueOf(cipher.keysetIds().primary()));
        KeyMaterial.inFile(dataDirectory.resolve("keyset.json")).assertAbsentFrom(logs);
        KeyMaterial.inFile(dataDirectory.resolve("keyset.json")).assertAbsentFrom(cipher.toString());
    }

    @Test
    void everyCiphertextDecrypts_whileEightThreadsEncryptAndDecryptDuringRotations() throws Exception {
        TinkTokenCipher cipher = TinkTokenCipher.open(KeysetFile.generatedIn(dataDirectory));
        int workers = 8;
        int rounds = 20;
        int operationsPerRound = 25;
        Phaser roundStart = new Phaser(workers + 1);
        List<Future<List<byte[]>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers + 1)) {
            for (int worker = 0; worker < workers; worker++) {
                String field = "connection:c" + worker + ":access_token";
                results.add(pool.submit(() -> encryptAndDecrypt(cipher, field, roundStart, rounds, operationsPerRound)));
            }
            Future<?> rotator = pool.submit(() -> rotateEachRound(cipher, roundStart, rounds));
            assertAllSucceeded(rotator, results);
            Set<Long> keysUsed = new HashSet<>();
            for (int worker = 0; worker < workers; worker++) {
                String field = "connection:c" + worker + ":access_token";
                for (byte[] ciphertext : results.get(worker).get()) {
                    assertThat(cipher.decrypt(ciphertext, field)).startsWith(field.getBytes(StandardCharsets.UTF_8));
                    keysUsed.add(keyId(ciphertext));
                }
            }
            assertThat(cipher.keysetIds().all()).hasSize(rounds + 1).containsAll(keysUsed);
            // A round's encryptions see the key of the rotation before it or the one made during it.
            assertThat(keysUsed).hasSizeGreaterThanOrEqualTo(rounds / 2);
        }
    }

    /** Each round starts with the rotator, so encryptions and decryptions overlap every rotation. */
    private static List<byte[]> encryptAndDecrypt(
            TinkTokenCipher cipher, String field, Phaser roundStart, int rounds, int operations) {
        List<byte[]> made = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            startRound(roundStart);
            for (int i = 0; i < operations; i++) {
                byte[] plaintext = (field + "#" + round + "." + i).getBytes(StandardCharsets.UTF_8);
                byte[] ciphertext = callingRoundsOffOnFailure(roundStart, () -> cipher.encrypt(plaintext, field));
                made.add(ciphertext);
                callingRoundsOffOnFailure(roundStart, () -> {
                    assertThat(cipher.decrypt(ciphertext, field)).isEqualTo(plaintext);
                    return cipher.decrypt(made.getFirst(), field);
                });
            }
        }
        return made;
    }

    private static void rotateEachRound(TinkTokenCipher cipher, Phaser roundStart, int rounds) {
        for (int round = 0; round < rounds; round++) {
            startRound(roundStart);
            callingRoundsOffOnFailure(roundStart, cipher::rotate);
        }
    }

    private static void startRound(Phaser roundStart) {
        if (roundStart.arriveAndAwaitAdvance() < 0) {
            throw new RoundsCalledOff();
        }
    }

    /** A failing thread calls the rounds off, so the others stop too instead of waiting for it forever. */
    private static <T> T callingRoundsOffOnFailure(Phaser roundStart, Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException | AssertionError failure) {
            roundStart.forceTermination();
            throw failure;
        }
    }

    /** Waits for every thread, then fails with the first real failure rather than with a thread it stopped. */
    private static void assertAllSucceeded(Future<?> rotator, List<? extends Future<?>> workers)
            throws InterruptedException {
        List<Future<?>> all = new ArrayList<>(workers);
        all.add(rotator);
        List<Throwable> failures = new ArrayList<>();
        for (Future<?> each : all) {
            try {
                each.get();
            } catch (ExecutionException e) {
                failures.add(e.getCause());
            }
        }
        failures.sort(Comparator.comparing(failure -> failure instanceof RoundsCalledOff));
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + all.size() + " threads failed", failures.getFirst());
        }
    }

    /** Thrown by a thread that stopped because another one failed. */
    private static final class RoundsCalledOff extends RuntimeException {
        RoundsCalledOff() {
            super("another thread failed, so the rounds were called off");
        }
    }

    private static long keyId(byte[] ciphertext) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(ciphertext, 1, 4).getInt());
    }
}
