package io.atcr.hold.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.atcr.hold.failure.Failure;
import io.atcr.hold.time.ClockTicker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Keeps part writes and the completion of one upload apart, so that nothing is written into a blob after its digest
 * was checked. A completion seals its upload (a part that starts afterwards is refused), waits for the writes
 * already running, and runs once however many callers ask: they all get its outcome. An outcome after which the
 * upload is gone is remembered, so a client retrying a completion it timed out on gets the same answer. In memory:
 * one serving process owns the uploads of its storage folder. (On S3 the parts never reach the hold, and the upload's
 * state is in the database and the bucket, whose completion steps any hold may run again; the gate only keeps one
 * hold from running them twice at once.) Thread-safe.
 */
final class UploadGate {
    /** How long a completion waits for parts still streaming before it is refused. */
    static final Duration WRITES_WAIT = Duration.ofSeconds(30);
    static final Duration REMEMBERED = Uploads.PART_URL_LIFETIME;
    private static final long RECHECK_MILLIS = 100;

    /** A finished completion: the blob, or the error, with who asked (nobody else may replay it). */
    private record Outcome(String initiatorDid, BlobInfo blob, RuntimeException failure) {
        BlobInfo replay() {
            if (failure != null) {
                throw failure;
            }
            return blob;
        }
    }

    private static final class Upload {
        int writers;
        CompletableFuture<BlobInfo> completion;
        String completingDid;
    }

    /** A part write in progress; closing it ends the write. */
    interface Write extends AutoCloseable {
        @Override
        void close();
    }

    private final Map<String, Upload> open = new HashMap<>(); // guarded by this
    private final Cache<String, Outcome> finished;
    private final Duration writesWait;
    private final Clock clock;

    /** {@code clock} times the wait for writers and how long outcomes are remembered (tests move it). */
    UploadGate(Duration writesWait, Clock clock) {
        this.writesWait = writesWait;
        this.clock = clock;
        this.finished = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(REMEMBERED)
                .ticker(new ClockTicker(clock)).build();
    }

    /** A part write of {@code uploadId} begins; close the answer when it ends. @throws Failure 409 when sealed */
    synchronized Write enterWrite(String uploadId) {
        Upload upload = open.computeIfAbsent(uploadId, id -> new Upload());
        if (upload.completion != null) {
            throw Failure.conflict("UploadCompleting", "upload " + uploadId
                    + " is being completed, so it takes no more parts; start a new upload to send other bytes");
        }
        upload.writers++;
        return () -> exitWrite(uploadId, upload);
    }

    private synchronized void exitWrite(String uploadId, Upload upload) {
        upload.writers--;
        notifyAll();
        dropIfIdle(uploadId, upload);
    }

    /**
     * Completes {@code uploadId} by {@code join}, once: a caller who arrives while it runs waits for it and gets the
     * same blob or the same error; one who arrives after it gets the remembered outcome, when it was theirs.
     *
     * @param upload tells, after a failed join, whether the upload still exists (then the failure is not final)
     */
    BlobInfo complete(String uploadId, String callerDid, Supplier<BlobInfo> join, Supplier<Boolean> upload) {
        CompletableFuture<BlobInfo> running;
        Upload state;
        synchronized (this) {
            Outcome done = finished.getIfPresent(uploadId);
            if (done != null && done.initiatorDid().equals(callerDid)) {
                return done.replay();
            }
            state = open.computeIfAbsent(uploadId, id -> new Upload());
            if (state.completion != null && !state.completingDid.equals(callerDid)) {
                running = null; // a stranger shares nothing: their own join finds no upload of theirs
                state = null;
            } else if (state.completion != null) {
                running = state.completion;
            } else {
                state.completion = new CompletableFuture<>();
                state.completingDid = callerDid;
                running = null;
            }
        }
        if (state == null) {
            return join.get();
        }
        return running != null ? await(running) : lead(uploadId, callerDid, state, join, upload);
    }

    private BlobInfo lead(String uploadId, String callerDid, Upload state, Supplier<BlobInfo> join, Supplier<Boolean> upload) {
        CompletableFuture<BlobInfo> completion = state.completion;
        try {
            awaitWriters(uploadId, state);
            BlobInfo blob = join.get();
            finish(uploadId, state, new Outcome(callerDid, blob, null));
            completion.complete(blob);
            return blob;
        } catch (RuntimeException e) {
            Outcome outcome = null; // remembered only when the upload is known to be gone
            try {
                outcome = upload.get() ? null : new Outcome(callerDid, null, e);
            } finally {
                // Whatever asking about the upload does, those waiting get the failure and the seal is lifted.
                finish(uploadId, state, outcome);
                completion.completeExceptionally(e);
            }
            throw e;
        }
    }

    private synchronized void finish(String uploadId, Upload state, Outcome outcome) {
        if (outcome != null) {
            finished.put(uploadId, outcome);
        }
        state.completion = null;
        dropIfIdle(uploadId, state);
    }

    private synchronized void awaitWriters(String uploadId, Upload state) {
        Instant deadline = clock.instant().plus(writesWait);
        while (state.writers > 0) {
            long left = Duration.between(clock.instant(), deadline).toMillis();
            if (left <= 0) {
                throw Failure.conflict("PartInProgress", "a part of upload " + uploadId + " is still being sent; "
                        + "wait for its answer, then complete again");
            }
            try {
                wait(Math.max(1, Math.min(left, RECHECK_MILLIS))); // a clock moved by hand is seen within this
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for parts of upload " + uploadId, e);
            }
        }
    }

    private void dropIfIdle(String uploadId, Upload state) {
        if (state.writers == 0 && state.completion == null) {
            open.remove(uploadId, state);
        }
    }

    private static BlobInfo await(CompletableFuture<BlobInfo> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }
}
