package io.atcr.hold.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hold's secret key files: random bytes, made once, readable by the owner only (mode 600). */
public final class KeyFiles {
    private static final Logger log = LoggerFactory.getLogger(KeyFiles.class);

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
            } else {
                warnIfOthersMayRead(file);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }

    /** A key others may read is still used (refusing would stop a hold over a chmod), but the operator is told. */
    private static void warnIfOthersMayRead(Path file) throws IOException {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("the key file {} is readable by others (mode {}); make it the owner's alone: chmod 600 {}",
                        file.toAbsolutePath(), PosixFilePermissions.toString(mode), file.toAbsolutePath());
            }
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX modes: nothing to check
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
