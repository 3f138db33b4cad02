package io.atcr.hold.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.Storage;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.UploadingCrew;
import io.atcr.hold.testing.XrpcResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Parts PUT straight to the bucket count against the uploader's quota as soon as the bucket lists them. The hold
 * cannot stop a PUT, so it stops what it can: no part URL once no room is left, and no completion whose bytes do not
 * fit, which also removes them from the bucket.
 */
class BucketQuotaTest {
    private static final String TIERS = """
            tiers:
              small: { quota: 8MB, description: "Small" }
            defaults:
              new_crew_tier: small
            """;
    private static final int MIB = 1024 * 1024;

    @AutoClose
    private static final UploadingCrew crew = UploadingCrew.start(b -> Storage.S3.configure(b.quotas(TIERS).env("HOLD_MAX_PART_SIZE", "6MB")));

    private static Blobs member() {
        return crew.newMember();
    }

    private static long pending(Blobs blobs) {
        return crew.hold.hold().uploads().allowance().pending(blobs.user().did());
    }

    @Test
    void partsInTheBucketCountAsPendingBytes() {
        Blobs blobs = member();
        String uploadId = blobs.initiate(Blobs.digest(new byte[] {1}));
        blobs.putPart(uploadId, 1, new byte[3 * MIB]);
        assertEquals(3 * MIB, pending(blobs));
        assertEquals(200, blobs.abort(uploadId).status());
        assertEquals(0, pending(blobs), "an abort gives the room back");
    }

    @Test
    void noPartUrlIsGivenOnceNoRoomIsLeft() {
        Blobs blobs = member();
        String uploadId = blobs.initiate(Blobs.digest(new byte[] {2}));
        blobs.putPart(uploadId, 1, new byte[8 * MIB]); // the bucket takes it: the hold cannot stop a PUT
        blobs.partUrl(uploadId, 2).assertXrpcError(403, "QuotaExceeded");
    }

    @Test
    void aCompletionThatDoesNotFitIsRefusedAndItsPartsLeaveTheBucket() {
        Blobs blobs = member();
        byte[] bytes = Blobs.bytes(5 * MIB + 4 * MIB, 3);
        String digest = Blobs.digest(bytes);
        String uploadId = blobs.initiate(digest);
        XrpcResponse refused = blobs.complete(uploadId, digest, blobs.putParts(uploadId, bytes, 5 * MIB)).assertXrpcError(403, "QuotaExceeded");
        assertTrue(refused.message().contains("does not fit"), refused.message());
        assertEquals(404, blobs.head(digest).status());
        assertEquals(0, pending(blobs), "the parts were removed from the bucket");
        assertEquals("InvalidUploadId", blobs.abort(uploadId).error(), "the upload is gone");
    }

    @Test
    void aPartOverTheHoldsPartLimitIsRefusedAtCompletion() {
        TestIdentities.User captain = crew.ids.newUser();
        try (TestHold open = Storage.S3.configure(TestHold.builder().identities(crew.ids).owner(captain.did())
                .env("HOLD_MAX_PART_SIZE", "6MB")).start()) {
            Blobs blobs = new Blobs(open, captain);
            byte[] bytes = new byte[7 * MIB];
            String uploadId = blobs.initiate(Blobs.digest(bytes));
            String etag = blobs.putPart(uploadId, 1, bytes);
            blobs.complete(uploadId, Blobs.digest(bytes), List.of(Blobs.part(1, etag))).assertXrpcError(413, "PartTooLarge");
            assertEquals(404, blobs.head(Blobs.digest(bytes)).status());
        }
    }

    @Test
    void twoCompletionsThatFitOnlyOneAtATimeNeverBothSucceed() throws Exception {
        Blobs blobs = member();
        List<String> digests = new ArrayList<>();
        List<String> uploads = new ArrayList<>();
        List<String> etags = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            byte[] bytes = Blobs.bytes(5 * MIB, 10 + i);
            digests.add(Blobs.digest(bytes));
            uploads.add(blobs.initiate(digests.get(i)));
            etags.add(blobs.putPart(uploads.get(i), 1, bytes));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<XrpcResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int n = i;
            answers.add(CompletableFuture.supplyAsync(() -> {
                await(go);
                return blobs.complete(uploads.get(n), digests.get(n), List.of(Blobs.part(1, etags.get(n))));
            }));
        }
        go.countDown();
        long completed = answers.stream().filter(a -> a.join().status() == 200).count();
        assertTrue(completed <= 1, completed + " completions succeeded");
        answers.stream().map(CompletableFuture::join).filter(a -> a.status() != 200)
                .forEach(a -> a.assertXrpcError(403, "QuotaExceeded"));
        assertTrue(pending(blobs) <= 8 * MIB, "usage and pending bytes stay within the limit: " + pending(blobs));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
