package dev.tokenkeeper.postgres.crypto;

import com.google.crypto.tink.KeysetHandle;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the keyset lives: read at start, read again when another instance may have rotated it, and written back on
 * rotation where that place can be written.
 */
public sealed interface KeysetStore permits KeysetFile, InlineKeyset {

    /** The environment variable naming the keyset: its cleartext JSON, or the path of a file holding it. */
    String ENVIRONMENT_VARIABLE = "TOKENKEEPER_KEYSET";

    /**
     * The store the value of {@code TOKENKEEPER_KEYSET} names: JSON when it starts with <code>{</code>, else the path
     * of an existing keyset file; when unset or blank, a keyset generated into {@code dataDirectory}.
     */
    static KeysetStore fromSetting(String setting, Path dataDirectory) {
        if (setting == null || setting.isBlank()) {
            return KeysetFile.generatedIn(dataDirectory);
        }
        String value = setting.replace("\uFEFF", "").strip();
        if (value.startsWith("{")) {
            return new InlineKeyset(value);
        }
        Path path = pathOrNull(value);
        if (path == null || !Files.exists(path)) {
            throw new KeysetException(ENVIRONMENT_VARIABLE, "names no existing file" + shownIfPathLike(value)
                    + ", and is not JSON either (a JSON keyset starts with '{')");
        }
        return KeysetFile.at(path);
    }

    /** Reads the keyset; throws {@link KeysetException} naming the source and the problem. */
    KeysetHandle load();

    /**
     * Reads the keyset again, as another instance sharing it may have rotated it; never generates one. Empty when
     * the keyset cannot change while this process runs (given inline), so there is nothing to reload.
     */
    Optional<KeysetHandle> reload();

    /**
     * Whether the stored keyset may differ from the one last read or written here, told cheaply (a file's identity,
     * time and size), so a rotation elsewhere is picked up at once rather than after the reload interval.
     */
    boolean mayHaveChanged();

    /** What to do when a ciphertext names a key this keyset lacks even after {@link #reload()}, for error messages. */
    String missingKeyAdvice();

    /** Replaces the stored keyset atomically; throws {@link KeysetException} when this store cannot be written. */
    void save(KeysetHandle keyset);

    /** False when {@link #save} cannot work, so rotation is refused. */
    boolean isWritable();

    /** How errors and logs name this store: {@code keyset file <path>} or {@code TOKENKEEPER_KEYSET}. */
    String source();

    private static Path pathOrNull(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** Key material in base64 or hex never holds a dot, so a dotted value that is not JSON is safe to repeat. */
    private static String shownIfPathLike(String value) {
        boolean pathLike = value.contains(".") && !value.contains("\"") && !value.contains("{");
        return pathLike ? " at " + value : " (its value is not repeated, as it may be key material)";
    }
}
