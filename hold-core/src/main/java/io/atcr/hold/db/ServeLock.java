package io.atcr.hold.db;

import io.atcr.hold.config.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One {@code serve} per SQLite database: {@code serve.lock} in {@code HOLD_DATABASE_DIR}, held with an operating-system
 * file lock while the hold serves, names the serving process. The lock goes with the process however it ends, so a
 * crash never leaves it stuck; the file itself stays and is simply locked again. The command-line tools take no lock:
 * they work beside a serving hold.
 */
public final class ServeLock implements AutoCloseable {
    static final String FILE = "serve.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private ServeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code databaseDir} for this process.
     *
     * @throws ConfigException naming {@code HOLD_DATABASE_DIR} and the process that holds it, or why it cannot be taken
     */
    public static ServeLock acquire(Path databaseDir) {
        Path file = databaseDir.resolve(FILE).toAbsolutePath();
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new ConfigException("HOLD_DATABASE_DIR=" + databaseDir + ": another serve (" + holder + ") is "
                        + "serving this database; stop it first, or give this hold a HOLD_DATABASE_DIR of its own");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new ServeLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ConfigException("HOLD_DATABASE_DIR=" + databaseDir + ": cannot take the lock file " + file + " ("
                    + e.getMessage() + "); make the folder writable by the hold");
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            return null;
        }
    }

    /** What the lock file says of its holder: {@code pid 1234}. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(64);
        channel.read(bytes, 0);
        String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII).strip();
        return text.matches("pid \\d+") ? text : "a process that has not written its pid yet";
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the cause is reported
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is ending; the operating system releases the lock with it
        }
    }
}
