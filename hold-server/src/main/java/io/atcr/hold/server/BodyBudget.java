package io.atcr.hold.server;

import io.atcr.hold.failure.Failure;
import io.javalin.config.Key;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the memory that request bodies take while they are read and parsed, over all requests at once: a body
 * reserves its size (its declared length, or the largest allowed when it declares none) before a byte is read, and
 * a body that finds the budget spent is answered 503 at once. Small bodies (up to {@link #SMALL} declared) need no
 * reservation: they are what ordinary calls send, and the server's threads bound them. So a flood of large bodies
 * costs a bounded amount of heap and gets 503s, and nobody else's request runs out of memory. Thread-safe.
 */
final class BodyBudget {
    static final Key<BodyBudget> KEY = new Key<>("bodyBudget");
    static final int SMALL = 16 * 1024;

    /** What a body's bytes become while parsed. */
    interface Reader<T> {
        T read(byte[] body) throws IOException;
    }

    private final Semaphore bytes;
    private final int maxBody;

    BodyBudget(int totalBytes, int maxBody) {
        this.bytes = new Semaphore(totalBytes);
        this.maxBody = maxBody;
    }

    static BodyBudget of(Context ctx) {
        return ctx.appData(KEY);
    }

    /**
     * Reads the body (at most the largest allowed) and hands it to {@code reader} while its reservation lasts.
     *
     * @throws Failure 413 for a body over the limit, 503 when the budget is spent
     */
    <T> T read(Context ctx, Reader<T> reader) {
        long declared = ctx.contentLength();
        if (declared > maxBody) {
            throw tooLarge();
        }
        int weight = declared >= 0 && declared <= SMALL ? 0 : declared >= 0 ? (int) declared : maxBody;
        if (!acquire(weight)) {
            throw new Failure(Failure.Kind.UNAVAILABLE, "ServerBusy", "the hold is reading too many request bodies at once; try again shortly");
        }
        try {
            byte[] body = ctx.req().getInputStream().readNBytes(maxBody + 1);
            if (body.length > maxBody) {
                throw tooLarge();
            }
            return reader.read(body);
        } catch (IOException e) {
            throw Failure.invalidRequest("the request body could not be read: " + e.getMessage());
        } finally {
            bytes.release(weight);
        }
    }

    private boolean acquire(int weight) {
        try {
            return bytes.tryAcquire(weight, 100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Failure tooLarge() {
        return new Failure(Failure.Kind.TOO_LARGE, "PayloadTooLarge", "the request body is larger than " + maxBody / 1024
                + " KiB, the most this hold reads for a method call");
    }
}
