package io.atcr.hold.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.BucketLine;
import io.atcr.hold.testing.UploadingCrew;
import io.atcr.hold.testing.XrpcResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * S3_VERIFY_DIGEST (on by default) reads every joined blob back from the bucket once and checks its SHA-256; off, the
 * hold reads nothing back and trusts the bucket's join, so a wrong digest is no longer caught.
 */
class DigestVerificationTest {
    private static final int SIZE = 3 * 1024 * 1024;

    @Test
    void theHoldReadsEachBlobBackOnceByDefault() {
        try (BucketLine line = new BucketLine(); UploadingCrew crew = UploadingCrew.start(line::configure)) {
            String uploadId = crew.blobs.initiate(Blobs.digest(Blobs.bytes(SIZE, 1)));
            String etag = crew.blobs.putPart(uploadId, 1, Blobs.bytes(SIZE, 1));
            long before = line.relay.bytesFromTarget();
            XrpcResponse done = crew.blobs.complete(uploadId, Blobs.digest(Blobs.bytes(SIZE, 1)), List.of(Blobs.part(1, etag)));
            assertEquals(200, done.status(), done.body());
            long read = line.relay.bytesFromTarget() - before;
            assertTrue(read >= SIZE && read < 2L * SIZE, "the hold read " + read + " bytes for a blob of " + SIZE);
        }
    }

    @Test
    void withVerificationOffTheHoldReadsNothingBackAndTrustsTheBucket() {
        try (BucketLine line = new BucketLine();
             UploadingCrew crew = UploadingCrew.start(b -> line.configure(b).env("S3_VERIFY_DIGEST", "false"))) {
            String claimed = Blobs.digest(Blobs.bytes(SIZE, 2));
            String uploadId = crew.blobs.initiate(claimed);
            String etag = crew.blobs.putPart(uploadId, 1, Blobs.bytes(SIZE, 3)); // not the claimed bytes
            long before = line.relay.bytesFromTarget();
            assertEquals(200, crew.blobs.complete(uploadId, claimed, List.of(Blobs.part(1, etag))).status());
            assertTrue(line.relay.bytesFromTarget() - before < 64 * 1024, "no blob bytes were read back");
            assertEquals(200, crew.blobs.head(claimed).status(), "unchecked: why the variable defaults to true");
        }
    }
}
