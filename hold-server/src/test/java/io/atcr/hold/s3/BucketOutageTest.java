package io.atcr.hold.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.S3Server;
import io.atcr.hold.testing.Storage;
import io.atcr.hold.testing.BucketLine;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.UploadingCrew;
import io.atcr.hold.testing.XrpcResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A bucket that cannot be reached gives JSON 503s that name the bucket and never a credential, and loses nothing:
 * once it is back, the same upload completes. State lives in the database and the bucket, so another hold on both
 * takes any step of an upload another began.
 */
class BucketOutageTest {
    @AutoClose
    private final BucketLine line = new BucketLine();
    @AutoClose
    private final UploadingCrew crew = UploadingCrew.start(line::configure);
    private final TestHold hold = crew.hold;
    private final Blobs blobs = crew.blobs;

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
        List<Map<String, Object>> parts = blobs.putParts(uploadId, bytes, Storage.PART);

        line.relay.down(true);
        XrpcResponse completion = blobs.complete(uploadId, digest, parts).assertXrpcError(503, "CompletionFailed");
        assertNamesTheBucketNotACredential(completion, line.bucket);
        XrpcResponse initiate = hold.post("/xrpc/" + Blobs.INITIATE, Map.of("digest", Blobs.digest(new byte[] {9})),
                "Authorization", blobs.user().bearer(Blobs.INITIATE)).assertXrpcError(503, "StorageUnavailable");
        assertNamesTheBucketNotACredential(initiate, line.bucket);
        Blobs.Download download = blobs.download(digest);
        assertEquals(503, download.status());
        assertEquals("StorageUnavailable", download.json().path("error").asText());

        line.relay.down(false);
        XrpcResponse done = blobs.complete(uploadId, digest, parts);
        assertEquals(200, done.status(), done.body());
        assertArrayEquals(bytes, blobs.download(digest).body());
        assertEquals(List.of(), Storage.S3.inProgress(hold), "no staging object or multipart upload is left");
    }

    @Test
    void aPushAsksTheDatabaseNotTheBucketSoItNeverWaitsOnTheBucketUnderTheWriteLock() {
        byte[] bytes = Blobs.bytes(3000, 7);
        String digest = blobs.upload(bytes, 3000);
        line.relay.down(true);
        XrpcResponse pushed = hold.post("/xrpc/io.atcr.hold.notifyManifest", Map.of("repository", "app",
                "userDid", blobs.user().did(), "manifestDigest", digest, "manifest", Map.of("layers", List.of(
                        Map.of("digest", digest, "size", 3000, "mediaType", "application/vnd.oci.image.layer.v1.tar")))),
                "Authorization", blobs.user().bearer("io.atcr.hold.notifyManifest"));
        assertEquals(200, pushed.status(), "the blob's row is the truth, with the bucket unreachable: " + pushed.body());
        line.relay.down(false);
    }

    @Test
    void aBucketThatRefusesTheHoldGives503WithTheBucketsCodeAndNoCredential() {
        try (UploadingCrew refused = UploadingCrew.start(b -> line.configure(b).env("AWS_SECRET_ACCESS_KEY", "a-wrong-secret-key"))) {
            XrpcResponse answer = refused.hold.post("/xrpc/" + Blobs.INITIATE, Map.of("digest", Blobs.digest(new byte[] {1})),
                    "Authorization", refused.blobs.user().bearer(Blobs.INITIATE)).assertXrpcError(503, "StorageUnavailable");
            assertTrue(answer.message().contains("answered SignatureDoesNotMatch (HTTP 403)"), answer.body());
            assertNamesTheBucketNotACredential(answer, line.bucket);
            assertFalse(answer.body().contains("a-wrong-secret-key"), answer.body());
        }
    }

    @Test
    void anotherHoldOnTheSameDatabaseAndBucketContinuesAnUpload() {
        byte[] bytes = Blobs.bytes(Storage.PART + 7, 2);
        String digest = Blobs.digest(bytes);
        String uploadId = blobs.initiate(digest);
        String first = blobs.putPart(uploadId, 1, Arrays.copyOfRange(bytes, 0, Storage.PART));
        try (TestHold other = line.configure(crew.anotherHold()).start()) {
            Blobs there = new Blobs(other, blobs.user());
            String second = there.putPart(uploadId, 2, Arrays.copyOfRange(bytes, Storage.PART, bytes.length));
            XrpcResponse done = there.complete(uploadId, digest, List.of(Blobs.part(1, first), Blobs.part(2, second)));
            assertEquals(200, done.status(), done.body());
        }
        assertArrayEquals(bytes, blobs.download(digest).body(), "the first hold serves what the second completed");
    }
}
