package io.atcr.hold.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.S3Server;
import io.atcr.hold.failure.Failure;
import io.atcr.hold.storage.PendingUpload;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The copy to the blob key, against the real S3 server: one CopyObject up to the limit, a multipart copy above it
 * (S3's limit is 5 GiB; here it is lowered so a test can cross it), and never a copy of bytes other than those
 * verified.
 */
class ObjectCopyTest {
    private static final long MIB = 1024 * 1024;
    private static final Completion.Rules SMALL_LIMIT = new Completion.Rules(5 * 1024 * MIB, 5 * MIB, 6 * MIB, 5 * MIB);

    private final S3Client s3 = S3Server.shared().client();
    private final String name = S3Server.shared().newBucket();
    private final Bucket bucket = new Bucket(s3, name, new BucketLayout(""));

    private PendingUpload staged(byte[] bytes) {
        String key = "uploads/" + "a".repeat(32);
        s3.putObject(r -> r.bucket(name).key(key), RequestBody.fromBytes(bytes));
        String etag = Bucket.unquoted(s3.headObject(r -> r.bucket(name).key(key)).eTag());
        return PendingUpload.starting("a".repeat(32), digest(bytes), "did:plc:x", Instant.now()).at(key, "unused")
                .joinedAs(bytes.length, etag);
    }

    @Test
    void aBlobAboveTheCopyLimitIsCopiedInParts() {
        byte[] bytes = bytes((int) (11 * MIB + 17), 1);
        PendingUpload upload = staged(bytes);
        new ObjectCopy(bucket, SMALL_LIMIT).publish(upload, "blobs/x");
        assertArrayEquals(bytes, s3.getObjectAsBytes(r -> r.bucket(name).key("blobs/x")).asByteArray());
        assertEquals("-3", s3.headObject(r -> r.bucket(name).key("blobs/x")).eTag().replaceAll(".*(-\\d+)\"$", "$1"),
                "a multipart object of three parts");
        assertEquals(0, s3.listMultipartUploads(r -> r.bucket(name)).uploads().size());
    }

    @Test
    void aBlobUpToTheLimitIsOneCopy() {
        byte[] bytes = bytes((int) (6 * MIB), 2);
        new ObjectCopy(bucket, SMALL_LIMIT).publish(staged(bytes), "blobs/y");
        assertArrayEquals(bytes, s3.getObjectAsBytes(r -> r.bucket(name).key("blobs/y")).asByteArray());
    }

    @Test
    void aStagingObjectThatChangedSinceItWasVerifiedIsNotCopied() {
        for (Completion.Rules rules : new Completion.Rules[] {SMALL_LIMIT, Completion.Rules.of(5 * 1024 * MIB)}) {
            PendingUpload verified = staged(bytes((int) (7 * MIB), 3));
            s3.putObject(r -> r.bucket(name).key(verified.location()), RequestBody.fromBytes(bytes((int) (7 * MIB), 4)));
            Failure refused = org.junit.jupiter.api.Assertions.assertThrows(Failure.class,
                    () -> new ObjectCopy(bucket, rules).publish(verified, "blobs/z"));
            assertEquals(Failure.Kind.UNAVAILABLE, refused.kind(), refused.getMessage());
            assertEquals(404, statusOf("blobs/z"), "nothing is visible under the blob key");
            assertEquals(0, s3.listMultipartUploads(r -> r.bucket(name)).uploads().size(), "no copy is left open");
        }
    }

    private int statusOf(String key) {
        try {
            s3.headObject(r -> r.bucket(name).key(key));
            return 200;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            return e.statusCode();
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] out = new byte[size];
        new java.util.Random(seed).nextBytes(out);
        return out;
    }

    private static String digest(byte[] bytes) {
        return "sha256:" + java.util.HexFormat.of().formatHex(io.atcr.hold.record.Sha256.of(bytes));
    }
}
