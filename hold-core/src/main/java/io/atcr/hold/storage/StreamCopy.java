package io.atcr.hold.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Streams a request body to a file through one fixed buffer, hashing it on the way when asked. Every
 * {@link #FLUSH_EVERY} bytes it asks the disk, in the background, to write out what it has, so that the final
 * {@code fsync} before a blob becomes visible finds little left to do.
 */
final class StreamCopy {
    static final int BUFFER = 256 * 1024;
    static final long FLUSH_EVERY = 64L * 1024 * 1024;

    /** The body could not be read: the client went away or sent less than it announced. */
    static final class ReadFailure extends IOException {
        ReadFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final Executor flusher;

    StreamCopy(Executor flusher) {
        this.flusher = flusher;
    }

    /** Copies all of {@code in} to {@code out}; updates {@code digest} when it is not null. Answers the bytes copied. */
    long copy(InputStream in, FileChannel out, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        long sinceFlush = 0;
        CompletableFuture<Void> flush = CompletableFuture.completedFuture(null);
        while (true) {
            int n;
            try {
                n = in.readNBytes(buffer, 0, buffer.length);
            } catch (IOException e) {
                throw new ReadFailure(e);
            }
            if (n == 0) {
                break;
            }
            if (digest != null) {
                digest.update(buffer, 0, n);
            }
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
            total += n;
            sinceFlush += n;
            if (sinceFlush >= FLUSH_EVERY && flush.isDone()) {
                sinceFlush = 0;
                flush = CompletableFuture.runAsync(() -> force(out), flusher);
            }
        }
        await(flush);
        return total;
    }

    private static void force(FileChannel out) {
        try {
            out.force(false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(CompletableFuture<Void> flush) throws IOException {
        try {
            flush.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while flushing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof java.io.UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException(e.getCause());
        }
    }
}
