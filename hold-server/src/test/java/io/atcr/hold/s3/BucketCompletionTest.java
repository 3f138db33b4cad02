package io.atcr.hold.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.MutableClock;
import io.atcr.hold.testing.S3Server;
import io.atcr.hold.testing.Storage;
import io.atcr.hold.testing.TcpRelay;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * completeUpload on a bucket: a digest already stored is not stored twice, a part replaced while the completion runs
 * can never change what becomes visible, and uploads left behind (by a client, or by a hold that stopped mid-step)
 * leave the bucket after a day.
 */
class BucketCompletionTest {
    private TestIdentities ids;
    private TcpRelay bucketLine;
    private String bucket;
    private TestHold hold;
    private Blobs blobs;

    @BeforeEach
    void start() {
        MutableClock clock = MutableClock.atRealTime(); // tokens dated by the clock a test moves
        ids = TestIdentities.start(clock);
        bucketLine = TcpRelay.to(S3Server.shared().endpoint());
        bucket = S3Server.shared().newBucket();
        TestHold.Builder builder = TestHold.builder().identities(ids).clock(clock);
        S3Server.holdEnv(bucketLine.uri(), bucket).forEach(builder::env);
        hold = builder.start();
        blobs = member();
    }

    @AfterEach
    void stop() {
        hold.close();
        bucketLine.close();
        ids.close();
    }

    private Blobs member() {
        TestIdentities.User user = ids.newUser();
        hold.addCrew(user.did());
        return new Blobs(hold, user);
    }

    @Test
    void aDigestAlreadyStoredAbortsTheUploadAndAnswersCompleted() {
        byte[] bytes = Blobs.bytes(Storage.PART + 9, 1);
        String digest = blobs.upload(bytes, Storage.PART);
        Blobs other = member();
        String uploadId = other.initiate(digest);
        String first = other.putPart(uploadId, 1, java.util.Arrays.copyOfRange(bytes, 0, Storage.PART));
        String second = other.putPart(uploadId, 2, java.util.Arrays.copyOfRange(bytes, Storage.PART, bytes.length));
        XrpcResponse done = other.complete(uploadId, digest, List.of(Blobs.part(1, first), Blobs.part(2, second)));
        assertEquals(200, done.status(), done.body());
        assertEquals("completed", done.json().path("status").asText());
        assertEquals(1, Storage.S3.stored(hold).size(), "one object, no staging object, no multipart upload: "
                + Storage.S3.stored(hold));
        assertArrayEquals(bytes, other.download(digest).body());
    }

    @Test
    void aPartReplacedBeforeTheBucketJoinsIsRefusedAndNothingIsVisible() throws Exception {
        byte[] bytes = Blobs.bytes(1000, 2);
        String digest = Blobs.digest(bytes);
        String uploadId = blobs.initiate(digest);
        String etag = blobs.putPart(uploadId, 1, bytes);
        bucketLine.stallOn(Pattern.compile("POST /" + bucket + "/uploads/" + uploadId + "\\?uploadId="));
        CompletableFuture<XrpcResponse> completion = CompletableFuture.supplyAsync(() ->
                blobs.complete(uploadId, digest, List.of(Blobs.part(1, etag))));
        assertTrue(bucketLine.awaitStall(30), "the hold asks the bucket to join");
        String replaced = blobs.putPart(uploadId, 1, Blobs.bytes(1000, 3)); // another connection: not stalled
        bucketLine.release();
        completion.get().assertXrpcError(400, "MissingParts");
        assertEquals(404, blobs.head(digest).status());
        blobs.complete(uploadId, digest, List.of(Blobs.part(1, replaced))).assertXrpcError(400, "InvalidDigest");
        assertEquals(List.of(), Storage.S3.stored(hold), "the wrong bytes left the bucket");
    }

    @Test
    void aPartSentAfterTheBucketJoinedChangesNothing() throws Exception {
        byte[] bytes = Blobs.bytes(1000, 4);
        String digest = Blobs.digest(bytes);
        String uploadId = blobs.initiate(digest);
        String etag = blobs.putPart(uploadId, 1, bytes);
        bucketLine.stallOn(Pattern.compile("GET /" + bucket + "/uploads/" + uploadId + "(\\?x-id=GetObject)? HTTP/1.1"));
        CompletableFuture<XrpcResponse> completion = CompletableFuture.supplyAsync(() ->
                blobs.complete(uploadId, digest, List.of(Blobs.part(1, etag))));
        assertTrue(bucketLine.awaitStall(30), "the hold reads the joined object back");
        // AWS answers 404 NoSuchUpload; s3proxy's filesystem backend takes the part. Either way it joins nothing.
        blobs.sendPart(uploadId, 1, Blobs.bytes(1000, 5));
        bucketLine.release();
        assertEquals(200, completion.get().status(), completion.get().body());
        assertArrayEquals(bytes, blobs.download(digest).body());
    }

    @Test
    void uploadsLeftForADayLeaveTheBucketWithWhatAHoldThatStoppedLeftBehind() {
        String old = blobs.initiate(Blobs.digest(new byte[] {1}));
        blobs.putPart(old, 1, new byte[] {1});
        // a hold that stopped between creating a multipart upload and writing its row
        S3Server.shared().client().createMultipartUpload(r -> r.bucket(bucket).key("uploads/" + "f".repeat(32)));
        // and one that stopped after its row was gone but before its staging object was
        S3Server.shared().client().putObject(r -> r.bucket(bucket).key("uploads/" + "e".repeat(32)),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[] {1}));
        hold.clock().advance(Duration.ofHours(25));
        String recent = blobs.initiate(Blobs.digest(new byte[] {2}));
        assertEquals(3, hold.hold().uploads().removeAbandoned());
        assertEquals(List.of("multipart upload uploads/" + recent), Storage.S3.stored(hold));
    }

    @Test
    void proxiedDownloadsStreamThroughTheHold() {
        TestHold.Builder builder = TestHold.builder().identities(ids).env("S3_PROXY_DOWNLOADS", "true");
        S3Server.holdEnv(bucketLine.uri(), bucket).forEach(builder::env);
        try (TestHold proxying = builder.env("HOLD_DATABASE_DIR", hold.env().get("HOLD_DATABASE_DIR")).start()) {
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
