package io.atcr.hold.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.BucketLine;
import io.atcr.hold.testing.S3Server;
import io.atcr.hold.testing.Storage;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.UploadingCrew;
import io.atcr.hold.testing.XrpcResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * completeUpload on a bucket: a digest already stored is not stored twice, a part replaced while the completion runs
 * can never change what becomes visible, and uploads left behind (by a client, or by a hold that stopped mid-step)
 * leave the bucket after a day.
 */
class BucketCompletionTest {
    @AutoClose
    private final BucketLine line = new BucketLine();
    @AutoClose
    private final UploadingCrew crew = UploadingCrew.start(line::configure);
    private final TestHold hold = crew.hold;
    private final Blobs blobs = crew.blobs;

    /** Starts completing a one-part upload of {@code bytes} and answers once the bucket line stalls at {@code request}. */
    private Stalled completeUntil(String request, byte[] bytes) throws InterruptedException {
        String digest = Blobs.digest(bytes);
        String uploadId = blobs.initiate(digest);
        String etag = blobs.putPart(uploadId, 1, bytes);
        line.relay.stallOn(Pattern.compile(request.replace("ID", uploadId)));
        CompletableFuture<XrpcResponse> completion = CompletableFuture.supplyAsync(() ->
                blobs.complete(uploadId, digest, List.of(Blobs.part(1, etag))));
        assertTrue(line.relay.awaitStall(30), "the hold sent " + request);
        return new Stalled(uploadId, digest, completion);
    }

    private record Stalled(String uploadId, String digest, CompletableFuture<XrpcResponse> completion) {
    }

    @Test
    void aDigestAlreadyStoredAbortsTheUploadAndAnswersCompleted() {
        byte[] bytes = Blobs.bytes(Storage.PART + 9, 1);
        String digest = blobs.upload(bytes, Storage.PART);
        Blobs other = crew.newMember();
        String uploadId = other.initiate(digest);
        XrpcResponse done = other.complete(uploadId, digest, other.putParts(uploadId, bytes, Storage.PART));
        assertEquals(200, done.status(), done.body());
        assertEquals("completed", done.json().path("status").asText());
        assertEquals(1, Storage.S3.stored(hold).size(), "one object, no staging object, no multipart upload: "
                + Storage.S3.stored(hold));
        assertArrayEquals(bytes, other.download(digest).body());
    }

    @Test
    void aPartReplacedBeforeTheBucketJoinsIsRefusedAndNothingIsVisible() throws Exception {
        Stalled join = completeUntil("POST /" + line.bucket + "/uploads/ID\\?uploadId=", Blobs.bytes(1000, 2));
        String replaced = blobs.putPart(join.uploadId(), 1, Blobs.bytes(1000, 3)); // another connection: not stalled
        line.relay.release();
        join.completion().get().assertXrpcError(400, "MissingParts");
        assertEquals(404, blobs.head(join.digest()).status());
        blobs.complete(join.uploadId(), join.digest(), List.of(Blobs.part(1, replaced))).assertXrpcError(400, "InvalidDigest");
        assertEquals(List.of(), Storage.S3.stored(hold), "the wrong bytes left the bucket");
    }

    @Test
    void aPartSentAfterTheBucketJoinedChangesNothing() throws Exception {
        byte[] bytes = Blobs.bytes(1000, 4);
        Stalled verify = completeUntil("GET /" + line.bucket + "/uploads/ID(\\?x-id=GetObject)? HTTP/1.1", bytes);
        // AWS answers 404 NoSuchUpload; s3proxy's filesystem backend takes the part. Either way it joins nothing.
        blobs.sendPart(verify.uploadId(), 1, Blobs.bytes(1000, 5));
        line.relay.release();
        assertEquals(200, verify.completion().get().status(), verify.completion().get().body());
        assertArrayEquals(bytes, blobs.download(verify.digest()).body());
    }

    @Test
    void uploadsLeftForADayLeaveTheBucketWithWhatAHoldThatStoppedLeftBehind() {
        String old = blobs.initiate(Blobs.digest(new byte[] {1}));
        blobs.putPart(old, 1, new byte[] {1});
        // a hold that stopped between creating a multipart upload and writing its row
        S3Server.shared().client().createMultipartUpload(r -> r.bucket(line.bucket).key("uploads/" + "f".repeat(32)));
        // and one that stopped after its row was gone but before its staging object was
        S3Server.shared().client().putObject(r -> r.bucket(line.bucket).key("uploads/" + "e".repeat(32)),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[] {1}));
        // and one that stopped in the middle of a multipart copy to a blob key
        String digest = Blobs.digest(new byte[] {3});
        S3Server.shared().client().createMultipartUpload(r -> r.bucket(line.bucket)
                .key("blobs/sha256/" + digest.substring(7, 9) + "/" + digest.substring(7)));
        // and what is not an upload of this hold's at all: another hold's blob, under the prefix "uploads"
        String neighbour = "uploads/blobs/sha256/ab/" + "ab".repeat(32);
        S3Server.shared().client().putObject(r -> r.bucket(line.bucket).key(neighbour),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[] {1}));
        hold.clock().advance(Duration.ofHours(25));
        String recent = blobs.initiate(Blobs.digest(new byte[] {2}));
        assertEquals(4, hold.hold().uploads().removeAbandoned());
        assertEquals(List.of("multipart upload uploads/" + recent, neighbour), Storage.S3.stored(hold));
    }

    @Test
    void proxiedDownloadsStreamThroughTheHold() {
        try (TestHold proxying = line.configure(crew.anotherHold()).env("S3_PROXY_DOWNLOADS", "true").start()) {
            byte[] bytes = Blobs.bytes(Storage.PART + 100, 6);
            String digest = blobs.upload(bytes, Storage.PART);
            Blobs there = new Blobs(proxying, blobs.user());
            Blobs.Download whole = there.download(digest);
            assertEquals(200, whole.status());
            assertNull(whole.redirectedTo());
            assertArrayEquals(bytes, whole.body());
            Blobs.Download tail = there.download(digest, "Range", "bytes=-50");
            assertEquals(206, tail.status());
            assertArrayEquals(java.util.Arrays.copyOfRange(bytes, bytes.length - 50, bytes.length), tail.body());
        }
    }
}
