package io.atcr.hold.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.S3Server;
import io.atcr.hold.testing.Storage;
import io.atcr.hold.testing.TcpRelay;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bucket that cannot be reached gives JSON 503s that name the bucket and never a credential, and loses nothing:
 * once it is back, the same upload completes. State lives in the database and the bucket, so another hold on both
 * takes any step of an upload another began.
 */
class BucketOutageTest {
    private TestIdentities ids;
    private TcpRelay bucketLine;
    private String bucket;
    private TestHold hold;
    private Blobs blobs;

    @BeforeEach
    void start() {
        ids = TestIdentities.start();
        bucketLine = TcpRelay.to(S3Server.shared().endpoint());
        bucket = S3Server.shared().newBucket();
        TestHold.Builder builder = TestHold.builder().identities(ids);
        S3Server.holdEnv(bucketLine.uri(), bucket).forEach(builder::env);
        hold = builder.start();
        TestIdentities.User user = ids.newUser();
        hold.addCrew(user.did());
        blobs = new Blobs(hold, user);
    }

    @AfterEach
    void stop() {
        hold.close();
        bucketLine.close();
        ids.close();
    }

    private static void assertNamesTheBucketNotACredential(XrpcResponse answer, String bucket) {
        assertTrue(answer.message().contains(bucket), answer.body());
        assertFalse(answer.body().contains(S3Server.CREDENTIAL), answer.body());
        assertFalse(answer.body().contains(S3Server.IDENTITY), answer.body());
        assertFalse(answer.body().contains("X-Amz-"), answer.body());
    }

    @Test
    void aBucketThatIsDownGives503AndTheUploadCompletesOnceItIsBack() {
        byte[] bytes = Blobs.bytes(Storage.PART + 100, 1);
        String digest = Blobs.digest(bytes);
        String uploadId = blobs.initiate(digest);
        List<Map<String, Object>> parts = List.of(
                Blobs.part(1, blobs.putPart(uploadId, 1, Arrays.copyOfRange(bytes, 0, Storage.PART))),
                Blobs.part(2, blobs.putPart(uploadId, 2, Arrays.copyOfRange(bytes, Storage.PART, bytes.length))));

        bucketLine.down(true);
        XrpcResponse completion = blobs.complete(uploadId, digest, parts).assertXrpcError(503, "CompletionFailed");
        assertNamesTheBucketNotACredential(completion, bucket);
        XrpcResponse initiate = hold.post("/xrpc/" + Blobs.INITIATE, Map.of("digest", Blobs.digest(new byte[] {9})),
                "Authorization", blobs.user().bearer(Blobs.INITIATE)).assertXrpcError(503, "StorageUnavailable");
        assertNamesTheBucketNotACredential(initiate, bucket);
        Blobs.Download download = blobs.download(digest);
        assertEquals(503, download.status());
        assertEquals("StorageUnavailable", download.json().path("error").asText());

        bucketLine.down(false);
        XrpcResponse done = blobs.complete(uploadId, digest, parts);
        assertEquals(200, done.status(), done.body());
        assertArrayEquals(bytes, blobs.download(digest).body());
        assertEquals(List.of(), Storage.S3.inProgress(hold), "no staging object or multipart upload is left");
    }

    @Test
    void anotherHoldOnTheSameDatabaseAndBucketContinuesAnUpload() {
        byte[] bytes = Blobs.bytes(Storage.PART + 7, 2);
        String digest = Blobs.digest(bytes);
        String uploadId = blobs.initiate(digest);
        String first = blobs.putPart(uploadId, 1, Arrays.copyOfRange(bytes, 0, Storage.PART));
        TestHold.Builder builder = TestHold.builder().identities(ids).env("HOLD_DATABASE_DIR", hold.env().get("HOLD_DATABASE_DIR"));
        S3Server.holdEnv(bucketLine.uri(), bucket).forEach(builder::env);
        try (TestHold other = builder.start()) {
            Blobs there = new Blobs(other, blobs.user());
            String second = there.putPart(uploadId, 2, Arrays.copyOfRange(bytes, Storage.PART, bytes.length));
            XrpcResponse done = there.complete(uploadId, digest, List.of(Blobs.part(1, first), Blobs.part(2, second)));
            assertEquals(200, done.status(), done.body());
        }
        assertArrayEquals(bytes, blobs.download(digest).body(), "the first hold serves what the second completed");
    }
}
