package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.storage.GarbageCollector;
import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.UploadingCrew;
import io.atcr.hold.testing.XrpcResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.atcr.hold.testing.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Blobs that no layer record names are deleted after the grace; a named blob never is, even mid-push. On every
 * storage driver: the bucket's objects are listed and deleted as the folder's files are.
 */
@ParameterizedClass
@ArgumentsSource(Storage.Drivers.class)
class GarbageCollectionTest {
    @Parameter
    Storage storage;
    private static final String NOTIFY = "io.atcr.hold.notifyManifest";
    private UploadingCrew crew;
    private TestHold hold;
    private Blobs blobs;

    @BeforeEach
    void start() {
        // tokens dated by the clock the tests move
        crew = UploadingCrew.start(b -> storage.configure(b.env("HOLD_GC_GRACE", "1h")));
        hold = crew.hold;
        blobs = crew.blobs;
    }

    @AfterEach
    void stop() {
        crew.close();
    }

    private XrpcResponse push(String digest, int size) {
        return hold.post("/xrpc/" + NOTIFY, Map.of("repository", "app", "userDid", blobs.user().did(),
                "manifestDigest", digest, "manifest", Map.of("layers",
                        List.of(Map.of("digest", digest, "size", size, "mediaType", "application/vnd.oci.image.layer.v1.tar")))),
                "Authorization", blobs.user().bearer(NOTIFY));
    }

    @Test
    void anUnreferencedBlobPastTheGraceIsDeletedAndPrinted() {
        String orphan = blobs.upload(Blobs.bytes(5000, 1), 5000);
        String named = blobs.upload(Blobs.bytes(3000, 2), 3000);
        assertEquals(200, push(named, 3000).status());
        hold.clock().advance(Duration.ofMinutes(61));
        String young = blobs.upload(Blobs.bytes(100, 3), 100);

        TestHold.CommandResult dry = hold.cli("gc", "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("would delete " + orphan + " 5000 bytes"), dry.out());
        assertEquals(200, blobs.download(orphan).status(), "a dry run deletes nothing");

        TestHold.CommandResult gc = hold.cli("gc");
        assertEquals(0, gc.code(), gc.err());
        assertTrue(gc.out().contains("deleted " + orphan + " 5000 bytes"), gc.out());
        assertTrue(gc.out().contains("1 unreferenced blob(s) older than 1h, 5000 bytes"), gc.out());
        assertEquals(404, blobs.download(orphan).status());
        assertEquals(200, blobs.download(named).status());
        assertEquals(200, blobs.download(young).status());
        assertEquals(2, storage.stored(hold).size(), "the orphan's file or object is gone: " + storage.stored(hold));
    }

    @Test
    void storingABlobAgainRestartsItsGrace() {
        byte[] bytes = Blobs.bytes(2000, 4);
        String digest = blobs.upload(bytes, 2000);
        hold.clock().advance(Duration.ofMinutes(50));
        blobs.upload(bytes, 2000); // the same digest: deduplicated, but stored again now
        hold.clock().advance(Duration.ofMinutes(50));
        assertTrue(hold.cli("gc").out().startsWith("0 unreferenced"));
        assertEquals(200, blobs.download(digest).status());
    }

    @Test
    void aPushRacingTheSweepNeverLeavesARecordWhoseBlobIsGone() throws Exception {
        for (int round = 0; round < 15; round++) {
            int size = 1000 + round;
            String digest = blobs.upload(Blobs.bytes(size, 100 + round), 4096);
            hold.clock().advance(Duration.ofMinutes(61));
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<GarbageCollector.Report> sweep = CompletableFuture.supplyAsync(() -> {
                await(go);
                return hold.hold().garbage().collect(false);
            });
            CompletableFuture<XrpcResponse> pushed = CompletableFuture.supplyAsync(() -> {
                await(go);
                return push(digest, size);
            });
            go.countDown();
            sweep.get();
            int status = pushed.get().status();
            boolean stored = blobs.download(digest).status() == 200;
            assertTrue(status == 200 ? stored : !stored && status == 400,
                    "round " + round + ": push answered " + status + ", blob stored: " + stored);
        }
    }

    @Test
    void twoSweepsAtOnceDecideAndReportEachBlobExactlyOnce() throws Exception {
        java.util.Set<String> orphans = new java.util.HashSet<>();
        for (int i = 0; i < 12; i++) {
            orphans.add(blobs.upload(Blobs.bytes(500 + i, 200 + i), 4096));
        }
        hold.clock().advance(Duration.ofMinutes(61));
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<GarbageCollector.Report> serving = CompletableFuture.supplyAsync(() -> {
            await(go);
            return hold.hold().garbage().collect(false);
        });
        CompletableFuture<TestHold.CommandResult> command = CompletableFuture.supplyAsync(() -> {
            await(go);
            return hold.cli("gc");
        });
        go.countDown();
        List<String> reported = new java.util.ArrayList<>();
        serving.get().collected().forEach(blob -> reported.add(blob.digest()));
        command.get().out().lines().filter(line -> line.startsWith("deleted "))
                .forEach(line -> reported.add(line.split(" ")[1]));
        assertEquals(orphans.size(), reported.size(), "each blob reported once: " + reported);
        assertEquals(orphans, new java.util.HashSet<>(reported));
        assertEquals(List.of(), storage.stored(hold), "every orphan is gone");
    }

    @Test
    void anUploadRacingTheSweepOfItsDigestIsNeverCompletedForAGoneBlob() throws Exception {
        for (int round = 0; round < 10; round++) {
            byte[] bytes = Blobs.bytes(700 + round, 300 + round);
            String digest = blobs.upload(bytes, 4096);
            hold.clock().advance(Duration.ofMinutes(61));
            String uploadId = blobs.initiate(digest);
            List<Map<String, Object>> parts = blobs.putParts(uploadId, bytes, 4096);
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<GarbageCollector.Report> sweep = CompletableFuture.supplyAsync(() -> {
                await(go);
                return hold.hold().garbage().collect(false);
            });
            CompletableFuture<XrpcResponse> completed = CompletableFuture.supplyAsync(() -> {
                await(go);
                return blobs.complete(uploadId, digest, parts);
            });
            go.countDown();
            sweep.get();
            XrpcResponse answer = completed.get();
            if (answer.status() == 200) {
                assertEquals(200, push(digest, bytes.length).status(), "round " + round + ": a completed blob can be pushed");
                assertEquals(200, blobs.download(digest).status(), "round " + round + ": a completed blob is stored");
            } else {
                answer.assertXrpcError(503, "CompletionFailed");
            }
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
