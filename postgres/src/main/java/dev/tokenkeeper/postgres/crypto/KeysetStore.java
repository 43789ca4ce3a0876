package dev.tokenkeeper.postgres.crypto;

import com.google.crypto.tink.KeysetHandle;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Where the keyset lives: read once at start, and written back on rotation where that place can be written. */
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
