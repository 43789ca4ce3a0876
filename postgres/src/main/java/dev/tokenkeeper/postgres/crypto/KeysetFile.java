package dev.tokenkeeper.postgres.crypto;

import com.google.crypto.tink.KeysetHandle;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A keyset kept as cleartext JSON in a file, given by the operator or generated next to the data for the embedded
 * default; rotation replaces the file atomically, readable by its owner only.
 */
public final class KeysetFile implements KeysetStore {
    /** The name of the keyset generated into the data directory when none is configured. */
    public static final String GENERATED_FILE_NAME = "keyset.json";

    private static final Logger LOG = LoggerFactory.getLogger(KeysetFile.class);

    private final Path path;
    private final boolean generated;
    private volatile FileVersion seen;

    private KeysetFile(Path path, boolean generated) {
        this.path = Objects.requireNonNull(path, "keyset path").toAbsolutePath();
        this.generated = generated;
    }

    /** The operator's keyset file, which must exist. */
    public static KeysetFile at(Path path) {
        return new KeysetFile(path, false);
    }

    /** {@code <dataDirectory>/keyset.json}, generated on first load and loaded as it is afterwards. */
    public static KeysetFile generatedIn(Path dataDirectory) {
        return new KeysetFile(dataDirectory.resolve(GENERATED_FILE_NAME), true);
    }

    public Path path() {
        return path;
    }

    @Override
    public KeysetHandle load() {
        if (generated && !Files.exists(path)) {
            KeysetHandle keyset = Keysets.generate();
            save(keyset);
            LOG.warn("generated a new keyset in {}, next to the data: whoever can read the data directory can decrypt"
                    + " the tokens; set {} to a keyset kept elsewhere", path, ENVIRONMENT_VARIABLE);
            return keyset;
        }
        KeysetHandle keyset = Keysets.parse(read(), source());
        if (generated) {
            LOG.warn("using the keyset generated in {}, next to the data: whoever can read the data directory can"
                    + " decrypt the tokens; set {} to a keyset kept elsewhere", path, ENVIRONMENT_VARIABLE);
        }
        return keyset;
    }

    /** The file as it is now, without the warnings of {@link #load()}; a missing file is an error, never generated. */
    @Override
    public Optional<KeysetHandle> reload() {
        return Optional.of(Keysets.parse(read(), source()));
    }

    /** True when the file was replaced or touched since this store last read or wrote it; false if it is gone. */
    @Override
    public boolean mayHaveChanged() {
        FileVersion now = FileVersion.of(path);
        return now != null && !now.equals(seen);
    }

    @Override
    public String missingKeyAdvice() {
        return source() + " does not hold that key either, as last read (it is read again as soon as it is replaced,"
                + " else at most once a second)";
    }

    @Override
    public void save(KeysetHandle keyset) {
        try {
            OwnerOnlyFiles.replace(path, Keysets.serialize(keyset));
            seen = FileVersion.of(path);
        } catch (IOException e) {
            throw new KeysetException(source(), "cannot be written", e);
        }
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public String source() {
        return "keyset file " + path;
    }

    @Override
    public String toString() {
        return "KeysetFile[" + path + (generated ? ", generated" : "") + "]";
    }

    private String read() {
        seen = FileVersion.of(path);
        try {
            return Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new KeysetException(source(), "does not exist", e);
        } catch (IOException e) {
            throw new KeysetException(source(), "cannot be read (" + reason(e) + ")", e);
        }
    }

    /** What tells one version of the file from another without reading it: rotation replaces it (a new inode). */
    private record FileVersion(Object fileKey, FileTime modified, long size) {
        static FileVersion of(Path path) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                return new FileVersion(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
            } catch (IOException e) {
                return null;
            }
        }
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException failure && failure.getReason() != null
                ? failure.getReason()
                : e.getClass().getSimpleName();
    }
}
