package io.atcr.hold.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.atcr.hold.failure.Failure;
import io.atcr.hold.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The gate keeps one upload's part writes and its completion apart, and runs a completion once for all who ask. */
class UploadGateTest {
    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";
    private static final BlobInfo BLOB = new BlobInfo("sha256:" + "a".repeat(64), 10);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final UploadGate gate = new UploadGate(Duration.ofSeconds(30), clock);

    @Test
    void aPartStartingDuringACompletionIsRefused() throws Exception {
        CountDownLatch joining = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<BlobInfo> completion = CompletableFuture.supplyAsync(() -> gate.complete("u1", ALICE, () -> {
            joining.countDown();
            await(release);
            return BLOB;
        }, () -> false));
        joining.await();
        Failure refused = assertThrows(Failure.class, () -> gate.enterWrite("u1"));
        assertEquals("UploadCompleting", refused.error());
        assertEquals(Failure.Kind.CONFLICT, refused.kind());
        release.countDown();
        assertSame(BLOB, completion.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aCompletionWaitsForAPartStillStreamingThenJoins() throws Exception {
        UploadGate.Write write = gate.enterWrite("u2");
        AtomicInteger joins = new AtomicInteger();
        CompletableFuture<BlobInfo> completion = CompletableFuture.supplyAsync(() -> gate.complete("u2", ALICE, () -> {
            joins.incrementAndGet();
            return BLOB;
        }, () -> false));
        assertThrows(java.util.concurrent.TimeoutException.class, () -> completion.get(300, TimeUnit.MILLISECONDS),
                "the completion waits while the part streams");
        assertEquals(0, joins.get());
        write.close();
        assertSame(BLOB, completion.get(10, TimeUnit.SECONDS));
        assertEquals(1, joins.get());
    }

    @Test
    void aPartStreamingPastTheWaitGetsTheCompletionRefusedByTheHoldsClock() throws Exception {
        try (UploadGate.Write write = gate.enterWrite("u3")) {
            CompletableFuture<BlobInfo> completion = CompletableFuture.supplyAsync(() -> gate.complete("u3", ALICE,
                    () -> BLOB, () -> true));
            // Moved until the completion, once waiting, sees its 30 s pass on the hold's clock: no real wait.
            while (!completion.isDone()) {
                clock.advance(Duration.ofSeconds(31));
                completion.handle((b, e) -> null).completeOnTimeout(null, 50, TimeUnit.MILLISECONDS).join();
            }
            Failure refused = assertThrows(Failure.class, () -> unwrap(completion));
            assertEquals("PartInProgress", refused.error());
        }
    }

    @Test
    void callersAtOnceShareOneJoinAndALaterRetryGetsTheRememberedOutcomeUntilItExpires() throws Exception {
        AtomicInteger joins = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<BlobInfo> first = CompletableFuture.supplyAsync(() -> gate.complete("u4", ALICE, () -> {
            joins.incrementAndGet();
            await(release);
            return BLOB;
        }, () -> false));
        while (joins.get() == 0) {
            Thread.onSpinWait();
        }
        CompletableFuture<BlobInfo> second = CompletableFuture.supplyAsync(() -> gate.complete("u4", ALICE, () -> {
            joins.incrementAndGet();
            return BLOB;
        }, () -> false));
        release.countDown();
        assertSame(BLOB, first.get(10, TimeUnit.SECONDS));
        assertSame(BLOB, second.get(10, TimeUnit.SECONDS));
        assertSame(BLOB, gate.complete("u4", ALICE, () -> {
            throw new AssertionError("a retry is answered from memory");
        }, () -> false));
        assertEquals(1, joins.get());

        clock.advance(UploadGate.REMEMBERED.plusSeconds(1));
        assertThrows(IllegalStateException.class, () -> gate.complete("u4", ALICE, () -> {
            throw new IllegalStateException("joined again: the outcome is forgotten");
        }, () -> false));
    }

    @Test
    void aStrangerSharesNothingOfAnotherCallersCompletion() {
        assertSame(BLOB, gate.complete("u5", ALICE, () -> BLOB, () -> false));
        Failure notTheirs = assertThrows(Failure.class, () -> gate.complete("u5", "did:plc:malloryaaaaaaaaaaaaaaaaa",
                () -> {
                    throw Failure.notFound("UploadNotFound", "no such upload");
                }, () -> false));
        assertEquals("UploadNotFound", notTheirs.error());
    }

    private static BlobInfo unwrap(CompletableFuture<BlobInfo> future) throws Exception {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
