package io.atcr.hold.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.atcr.hold.bluesky.BlueskyPresence;
import io.atcr.hold.failure.Failure;
import io.atcr.hold.stats.StatsStore;
import io.atcr.hold.testing.CoreParts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** notifyManifest's push: blobs by their rows, the quota in the same transaction, nothing recorded when refused. */
class ManifestServiceTest {
    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";

    private static ManifestService service(CoreParts core) {
        return new ManifestService(core.db, core.quota, new StatsStore(core.db, core.clock), core.repo,
                new BlueskyPresence(false, null, core.clock), core.clock);
    }

    private static ManifestNotice push(String manifest, ManifestNotice.Blob... blobs) {
        return new ManifestNotice("app", ALICE, "sha256:" + manifest.repeat(64), null, ManifestNotice.Operation.PUSH,
                List.of(blobs), false);
    }

    private static ManifestNotice.Blob blob(char hex, long size) {
        return new ManifestNotice.Blob("sha256:" + String.valueOf(hex).repeat(64), size, ManifestNotice.LAYER_MEDIA_TYPE);
    }

    @Test
    void aPushOfStoredBlobsRecordsOneLayerRecordEachAndCountsUsage(@TempDir Path dir) {
        try (CoreParts core = CoreParts.in(dir)) {
            core.storedBlob(blob('a', 100).digest(), 100, ALICE);
            core.storedBlob(blob('b', 200).digest(), 200, ALICE);
            ManifestNotice.Outcome outcome = service(core).notify(ALICE, push("1", blob('a', 100), blob('b', 200)), true);
            assertEquals(2, outcome.layersCreated());
            assertEquals(300, core.quota.usage(ALICE).totalSize());
            assertEquals(0, service(core).notify(ALICE, push("1", blob('a', 100), blob('b', 200)), true).layersCreated(),
                    "pushing the same manifest again records nothing new");
            assertEquals(300, core.quota.usage(ALICE).totalSize());
        }
    }

    @Test
    void aBlobWithoutARowOrOfAnotherSizeIsRefusedAndNothingIsRecorded(@TempDir Path dir) {
        try (CoreParts core = CoreParts.in(dir)) {
            core.storedBlob(blob('a', 100).digest(), 100, ALICE);
            Failure missing = assertThrows(Failure.class, () -> service(core).notify(ALICE, push("1", blob('a', 100), blob('c', 5)), true));
            assertEquals("BlobNotFound", missing.error());
            Failure size = assertThrows(Failure.class, () -> service(core).notify(ALICE, push("2", blob('a', 99)), true));
            assertEquals("SizeMismatch", size.error());
            Failure hidden = assertThrows(Failure.class, () -> service(core).notify(ALICE, push("3", blob('a', 99)), false));
            assertEquals("BlobNotFound", hidden.error(), "a caller who may not read learns nothing of the stored size");
            assertEquals(0, core.quota.usage(ALICE).totalSize());
        }
    }

    @Test
    void aPushPastTheTierIsRefusedAndRecordsNothing(@TempDir Path dir) {
        try (CoreParts core = CoreParts.in(dir)) {
            core.storedBlob(blob('a', 2_000).digest(), 2_000, ALICE);
            core.storedBlob(blob('b', 2_000).digest(), 2_000, ALICE);
            service(core).notify(ALICE, push("1", blob('a', 2_000)), true);
            Failure refused = assertThrows(Failure.class, () -> service(core).notify(ALICE, push("2", blob('b', 2_000)), true));
            assertEquals("QuotaExceeded", refused.error());
            assertEquals(Failure.Kind.FORBIDDEN, refused.kind());
            assertEquals(2_000, core.quota.usage(ALICE).totalSize(), "the small tier holds 3,000 bytes");
        }
    }

    @Test
    void racingPushesOfOneBlobCountItOnce(@TempDir Path dir) throws Exception {
        try (CoreParts core = CoreParts.in(dir)) {
            core.storedBlob(blob('a', 1_000).digest(), 1_000, ALICE);
            ManifestService service = service(core);
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<ManifestNotice.Outcome>> pushes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String manifest = String.valueOf(i);
                pushes.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return service.notify(ALICE, push(manifest, blob('a', 1_000)), true);
                }));
            }
            go.countDown();
            for (CompletableFuture<ManifestNotice.Outcome> pushed : pushes) {
                assertEquals(1, pushed.get().layersCreated(), "each manifest names the blob once");
            }
            assertEquals(1_000, core.quota.usage(ALICE).totalSize(), "six manifests, one blob");
        }
    }

    @Test
    void onlyTheUserMayNotifyTheirOwnPushes(@TempDir Path dir) {
        try (CoreParts core = CoreParts.in(dir)) {
            Failure stranger = assertThrows(Failure.class,
                    () -> service(core).notify("did:plc:malloryaaaaaaaaaaaaaaaaa", push("1"), true));
            assertEquals("UserMismatch", stranger.error());
        }
    }
}
