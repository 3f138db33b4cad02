package io.atcr.hold.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** The hold's secret key files: random bytes, made once, readable by the owner only (mode 600). */
public final class KeyFiles {
    private KeyFiles() {
    }

    /**
     * The bytes of {@code file}, made of {@code length} random bytes first when it does not exist. Two processes
     * creating it at once agree: the first file written wins and both read it.
     *
     * @throws UncheckedIOException when the file can neither be read nor made
     */
    public static byte[] readOrCreate(Path file, int length) {
        try {
            if (!Files.exists(file)) {
                create(file, length);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }

    private static void create(Path file, int length) throws IOException {
        byte[] key = new byte[length];
        new SecureRandom().nextBytes(key);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(tmp, key);
            // A hard link fails when the file exists, where a rename would replace a key another process just made.
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException raced) {
            // the other process's key stands
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
