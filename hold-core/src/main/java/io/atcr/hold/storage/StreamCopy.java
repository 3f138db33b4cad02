package io.atcr.hold.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Streams a request body to a file through a few fixed buffers. When asked to hash, a second thread hashes each
 * buffer while the next one is read and written: SHA-256, not the disk or the network, bounds an upload, so it must
 * not wait its turn. Every {@link #FLUSH_EVERY} bytes the disk is asked, in the background, to write out what it has,
 * so that the final {@code fsync} before a blob becomes visible finds little left to do. A copy never waits for such
 * a flush: a part answers as soon as its bytes are written and hashed, and durability comes from the completion's
 * {@code fsync}. Memory per copy is fixed: {@link #BUFFERS} × {@link #BUFFER} bytes.
 */
final class StreamCopy {
    static final int BUFFER = 512 * 1024;
    static final int BUFFERS = 4;
    static final long FLUSH_EVERY = 64L * 1024 * 1024;

    /** The body has more bytes than the copy may take. */
    static final class Overflow extends IOException {
        Overflow() {
            super("more bytes than allowed");
        }
    }

    /** The body could not be read: the client went away or sent less than it announced. */
    static final class ReadFailure extends IOException {
        ReadFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** A filled buffer on its way to the hasher; {@code bytes} is null at the end. */
    private record Chunk(byte[] bytes, int length) {
        static final Chunk END = new Chunk(null, 0);
    }

    private final Executor background;
    private final Runnable flush;

    /** @param flush asks the disk to write out the file being copied to (on its own file handle: it may outlive the copy) */
    StreamCopy(Executor background, Runnable flush) {
        this.background = background;
        this.flush = flush;
    }

    /**
     * Copies all of {@code in} to {@code out}; updates {@code digest} when it is not null. Answers the bytes copied.
     *
     * @throws Overflow as soon as more than {@code max} bytes have arrived (some may have been written)
     */
    long copy(InputStream in, FileChannel out, MessageDigest digest, long max) throws IOException {
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
        BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
        for (int i = 0; i < (digest == null ? 1 : BUFFERS); i++) {
            free.add(new byte[BUFFER]);
        }
        CompletableFuture<Void> hashing = digest == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> hash(full, free, digest), background);
        CompletableFuture<Void> flushing = CompletableFuture.completedFuture(null);
        long total = 0;
        long sinceFlush = 0;
        try {
            while (true) {
                byte[] buffer = take(free);
                int n = read(in, buffer);
                if (n == 0) {
                    break;
                }
                if (total + n > max) {
                    throw new Overflow();
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                if (digest == null) {
                    free.add(buffer);
                } else {
                    full.add(new Chunk(buffer, n));
                }
                total += n;
                sinceFlush += n;
                if (sinceFlush >= FLUSH_EVERY && flushing.isDone()) {
                    sinceFlush = 0;
                    flushing = CompletableFuture.runAsync(flush, background);
                }
            }
        } finally {
            full.add(Chunk.END);
            await(hashing);
        }
        return total;
    }

    private static int read(InputStream in, byte[] buffer) throws ReadFailure {
        try {
            return in.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new ReadFailure(e);
        }
    }

    private static void hash(BlockingQueue<Chunk> full, BlockingQueue<byte[]> free, MessageDigest digest) {
        while (true) {
            Chunk chunk = take(full);
            if (chunk.bytes() == null) {
                return;
            }
            digest.update(chunk.bytes(), 0, chunk.length());
            free.add(chunk.bytes());
        }
    }

    private static <T> T take(BlockingQueue<T> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying a part", e);
        }
    }

    private static void await(CompletableFuture<Void> task) throws IOException {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while copying a part", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException(e.getCause());
        }
    }
}
