package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** When the disk fails, the caller gets a 5xx JSON error, no partial blob stays, and a retry can succeed. */
class StorageFailureTest {
    @Test
    void anIoErrorWhileCompletingIsA503CompletionFailedAndLeavesNoTemporaryFile() throws Exception {
        try (TestIdentities ids = TestIdentities.start(); TestHold hold = TestHold.builder().identities(ids).start()) {
            TestIdentities.User user = ids.newUser();
            hold.cli("crew", "add", user.did());
            Blobs blobs = new Blobs(hold, user);
            byte[] bytes = Blobs.bytes(30_000, 1);
            String digest = Blobs.digest(bytes);
            String uploadId = blobs.initiate(digest);
            List<java.util.Map<String, Object>> parts = List.of(
                    Blobs.part(1, blobs.putPart(uploadId, 1, Arrays.copyOfRange(bytes, 0, 10_000))),
                    Blobs.part(2, blobs.putPart(uploadId, 2, Arrays.copyOfRange(bytes, 10_000, 30_000))));
            Path root = Path.of(hold.env().get("HOLD_DATABASE_DIR")).resolve("blobs");
            // A file where the blob's folder belongs: moving the joined blob into place fails as a real I/O error.
            Path obstacle = root.resolve("sha256").resolve(digest.substring(7, 9));
            Files.writeString(obstacle, "in the way");

            XrpcResponse failed = blobs.complete(uploadId, digest, parts);
            assertEquals(503, failed.status());
            assertEquals("CompletionFailed", failed.error());
            try (Stream<Path> files = Files.walk(root)) {
                assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp")).toList());
            }
            assertEquals(404, blobs.download(digest).status());

            Files.delete(obstacle);
            assertEquals(200, blobs.complete(uploadId, digest, parts).status(), "the parts stay for a retry");
            assertArrayEquals(bytes, blobs.download(digest).body());
        }
    }
}
