package io.atcr.hold.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.bluesky.BlueskyPresence;
import io.atcr.hold.failure.Failure;
import io.atcr.hold.manifest.ManifestNotice;
import io.atcr.hold.manifest.ManifestService;
import io.atcr.hold.stats.StatsStore;
import io.atcr.hold.testing.CoreParts;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A completion's blob is visible to pushes only once the hold has seen its object after writing its row: while the
 * completion checks (the moment a sweep that decided the digest before could have deleted the object), a push that
 * names the blob is refused, so no layer record can ever name a blob that turns out gone.
 */
class CompletionVisibilityTest {
    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";

    @Test
    void aPushDuringTheCompletionsCheckOfItsObjectIsRefusedAndSucceedsAfter(@TempDir Path dir) throws Exception {
        try (CoreParts core = CoreParts.in(dir)) {
            PartUrlSigner signer = PartUrlSigner.loadOrCreate(dir);
            PausedStat store = new PausedStat(new FilesystemBlobStore(dir.resolve("blobs"), signer, "http://hold.test/part"));
            UploadSessions sessions = new UploadSessions(core.db);
            Uploads uploads = new Uploads(store, sessions, signer, core.clock, core.db,
                    new UploadAllowance(core.db, core.quota, store, sessions, 1L << 30));
            ManifestService manifests = new ManifestService(core.db, core.quota, new StatsStore(core.db, core.clock),
                    core.repo, new BlueskyPresence(false, null, core.clock), core.clock);
            byte[] bytes = {1, 2, 3, 4, 5};
            String digest = "sha256:" + HexFormat.of().formatHex(io.atcr.hold.record.Sha256.of(bytes));
            String uploadId = uploads.initiate(ALICE, digest);
            long expires = core.clock.instant().plusSeconds(600).getEpochSecond();
            String etag = uploads.uploadPart(uploadId, 1, expires, signer.sign(uploadId, 1, expires),
                    new ByteArrayInputStream(bytes), bytes.length);
            ManifestNotice push = new ManifestNotice("app", ALICE, "sha256:" + "9".repeat(64), null,
                    ManifestNotice.Operation.PUSH, List.of(new ManifestNotice.Blob(digest, bytes.length, ManifestNotice.LAYER_MEDIA_TYPE)), false);

            CompletableFuture<BlobInfo> completion = CompletableFuture.supplyAsync(() ->
                    uploads.complete(ALICE, uploadId, digest, List.of(new CompletedPart(1, etag))));
            assertTrue(store.reached.await(10, TimeUnit.SECONDS), "the completion checks its object");
            Failure early = assertThrows(Failure.class, () -> manifests.notify(ALICE, push, true));
            assertEquals("BlobNotFound", early.error(), "the row is not confirmed while the object is checked");
            store.release.countDown();
            assertEquals(bytes.length, completion.get(10, TimeUnit.SECONDS).size());
            assertEquals(1, manifests.notify(ALICE, push, true).layersCreated());
        }
    }

    /** The filesystem driver, whose first {@code stat} waits until the test releases it. */
    private static final class PausedStat implements BlobStore {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final BlobStore store;

        PausedStat(BlobStore store) {
            this.store = store;
        }

        @Override
        public Optional<BlobInfo> stat(String digest) {
            reached.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return store.stat(digest);
        }

        @Override
        public PendingUpload openUpload(PendingUpload upload) {
            return store.openUpload(upload);
        }

        @Override
        public PartTarget partTarget(PendingUpload upload, int partNumber, Instant expires) {
            return store.partTarget(upload, partNumber, expires);
        }

        @Override
        public String writePart(PendingUpload upload, int partNumber, InputStream bytes, long maxBytes) {
            return store.writePart(upload, partNumber, bytes, maxBytes);
        }

        @Override
        public long partBytes(PendingUpload upload) {
            return store.partBytes(upload);
        }

        @Override
        public BlobInfo complete(PendingUpload upload, List<CompletedPart> parts, LongConsumer admit) {
            return store.complete(upload, parts, admit);
        }

        @Override
        public boolean holds(PendingUpload upload) {
            return store.holds(upload);
        }

        @Override
        public void discard(PendingUpload upload) {
            store.discard(upload);
        }

        @Override
        public int removeLeftovers(Instant before, Predicate<String> inProgress) {
            return store.removeLeftovers(before, inProgress);
        }

        @Override
        public SeekableByteChannel open(String digest) {
            return store.open(digest);
        }

        @Override
        public void forEachBlob(Consumer<ListedBlob> each) {
            store.forEachBlob(each);
        }

        @Override
        public boolean delete(String digest) {
            return store.delete(digest);
        }

        @Override
        public Optional<URI> downloadUrl(String digest, Instant expires) {
            return store.downloadUrl(digest, expires);
        }
    }
}
