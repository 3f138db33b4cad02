package io.atcr.hold.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.HoldProcess;
import io.atcr.hold.testing.S3Server;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's start line names the storage in use: on S3 the bucket, its prefix, region and endpoint. */
class BucketStartLineTest {
    @TempDir
    Path dir;

    @Test
    void theStartLineNamesTheBucketRegionAndEndpoint() {
        String bucket = S3Server.shared().newBucket();
        try (HoldProcess hold = HoldProcess.start(dir, S3Server.shared().holdEnv(bucket))) {
            String start = hold.log().lines().filter(line -> line.contains("listening on")).findFirst().orElseThrow();
            assertTrue(start.contains("storage S3 bucket s3://" + bucket + "/ in " + S3Server.REGION + " at "
                    + S3Server.shared().endpoint()), start);
            assertFalse(start.contains("filesystem"), start);
            assertEquals(0, hold.terminate(), hold.log());
        }
    }
}
