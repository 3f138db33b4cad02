package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.Lexicons;
import io.atcr.hold.testing.UploadingCrew;
import io.atcr.hold.testing.XrpcResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The filesystem driver's part URLs point at the hold itself ({@code uploadPart}), signed by the hold: only the URL
 * as answered, before it expires, takes a part. (A bucket's presigned URLs are the bucket's to check: PresignedUrlTest.)
 */
class HoldPartUrlTest {
    private UploadingCrew crew;
    private Blobs blobs;

    @BeforeEach
    void start() {
        crew = UploadingCrew.start();
        blobs = crew.blobs;
    }

    @AfterEach
    void stop() {
        crew.close();
    }

    @Test
    void aPartSentToTheHoldAnswersItsLexicon() {
        String uploadId = blobs.initiate(Blobs.digest(new byte[] {1}));
        XrpcResponse part = blobs.put(blobs.partPath(uploadId, 1), new byte[] {1});
        Lexicons.assertOutputMatches("io.atcr.hold.uploadPart", part.json());
        assertEquals("\"" + part.json().path("etag").asText() + "\"", part.headers().firstValue("ETag").orElseThrow());
    }

    @Test
    void expiredPartUrlIsRefused() {
        String uploadId = blobs.initiate(Blobs.digest(new byte[] {1}));
        String path = blobs.partPath(uploadId, 1);
        crew.clock.advance(Duration.ofMinutes(61));
        XrpcResponse answer = blobs.put(path, new byte[] {1});
        assertEquals(403, answer.status());
        assertEquals("ExpiredSignature", answer.error());
    }

    @Test
    void tamperedPartUrlIsRefused() {
        String uploadId = blobs.initiate(Blobs.digest(new byte[] {1}));
        String path = blobs.partPath(uploadId, 1);
        for (String tampered : List.of(path.replace("partNumber=1&", "partNumber=2&"),
                path.replaceFirst("expires=(\\d+)", "expires=9$1"),
                path.substring(0, path.length() - 2) + (path.endsWith("AA") ? "BB" : "AA"))) {
            XrpcResponse answer = blobs.put(tampered, new byte[] {1});
            assertEquals(403, answer.status(), tampered);
            assertEquals("InvalidSignature", answer.error());
        }
        assertEquals(200, blobs.put(path, new byte[] {1}).status(), "the untouched URL still works");
    }
}
