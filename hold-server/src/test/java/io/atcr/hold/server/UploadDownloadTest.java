package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.Lexicons;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.UploadingCrew;
import io.atcr.hold.testing.XrpcResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import io.atcr.hold.testing.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Blobs go up in parts and come back byte for byte, whole, by range, or as headers only, on every storage driver (on
 * S3 the download is a redirect to the bucket, which the client follows, resending its Range).
 */
@ParameterizedClass
@ArgumentsSource(Storage.Drivers.class)
class UploadDownloadTest {
    private static final int PART = Storage.PART;
    @Parameter
    Storage storage;
    private static UploadingCrew crew;
    private static TestHold hold;
    private static Blobs blobs;

    @BeforeParameterizedClassInvocation
    static void start(Storage storage) {
        crew = UploadingCrew.start(storage::configure);
        hold = crew.hold;
        blobs = crew.blobs;
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        crew.close();
    }

    @Test
    void multipartUploadDownloadsByteForByte() {
        byte[] bytes = Blobs.bytes(2 * PART + 3, 1);
        String digest = blobs.upload(bytes, PART);
        Blobs.Download download = blobs.download(digest);
        assertEquals(200, download.status());
        assertEquals(String.valueOf(2 * PART + 3), download.header("Content-Length"));
        assertEquals("application/octet-stream", download.header("Content-Type"));
        assertArrayEquals(bytes, download.body());
    }

    @Test
    void partsSentOutOfOrderAndResentAreJoinedInPartOrder() {
        byte[] bytes = Blobs.bytes(2 * PART + 30_000, 2);
        String digest = Blobs.digest(bytes);
        String uploadId = blobs.initiate(digest);
        String third = blobs.putPart(uploadId, 3, Arrays.copyOfRange(bytes, 2 * PART, bytes.length));
        blobs.putPart(uploadId, 1, Blobs.bytes(PART, 99)); // wrong bytes, sent again below
        String second = blobs.putPart(uploadId, 2, Arrays.copyOfRange(bytes, PART, 2 * PART));
        String first = blobs.putPart(uploadId, 1, Arrays.copyOfRange(bytes, 0, PART));
        XrpcResponse done = blobs.complete(uploadId, digest,
                List.of(Blobs.part(1, first), Blobs.part(2, second), Blobs.part(3, third)));
        assertEquals(200, done.status(), done.body());
        assertArrayEquals(bytes, blobs.download(digest).body());
    }

    @Test
    void singlePartAndEmptyBlobsWork() {
        byte[] one = Blobs.bytes(12_345, 3);
        assertArrayEquals(one, blobs.download(blobs.upload(one, PART)).body());
        byte[] empty = new byte[0];
        Blobs.Download download = blobs.download(blobs.upload(empty, PART));
        assertEquals(200, download.status());
        assertEquals(0, download.body().length);
    }

    @Test
    void uploadAnswersMatchTheirLexicons() {
        byte[] bytes = Blobs.bytes(1000, 4);
        String digest = Blobs.digest(bytes);
        XrpcResponse initiated = hold.post("/xrpc/" + Blobs.INITIATE, Map.of("digest", digest),
                "Authorization", crew.ids.newUser().bearer(Blobs.INITIATE));
        assertEquals(403, initiated.status(), "a user who is not crew may not upload");
        String uploadId = blobs.initiate(digest);
        XrpcResponse url = blobs.partUrl(uploadId, 1);
        Lexicons.assertOutputMatches(Blobs.PART_URL, url.json());
        assertEquals("PUT", url.json().path("method").asText());
        XrpcResponse done = blobs.complete(uploadId, digest, List.of(Blobs.part(1, blobs.putPart(uploadId, 1, bytes))));
        Lexicons.assertOutputMatches(Blobs.COMPLETE, done.json());
        assertEquals("completed", done.json().path("status").asText());
        assertEquals(digest, done.json().path("digest").asText());
        String other = blobs.initiate(digest);
        Lexicons.assertOutputMatches(Blobs.ABORT, blobs.abort(other).json());
    }

    @Test
    void rangeRequestsAnswerPartialContent() {
        byte[] bytes = Blobs.bytes(10_000, 5);
        String digest = blobs.upload(bytes, PART);
        Blobs.Download middle = blobs.download(digest, "Range", "bytes=100-199");
        assertEquals(206, middle.status());
        assertEquals("bytes 100-199/10000", middle.header("Content-Range"));
        assertEquals("100", middle.header("Content-Length"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 100, 200), middle.body());
        Blobs.Download tail = blobs.download(digest, "Range", "bytes=9990-");
        assertArrayEquals(Arrays.copyOfRange(bytes, 9990, 10_000), tail.body());
        Blobs.Download suffix = blobs.download(digest, "Range", "bytes=-5");
        assertEquals("bytes 9995-9999/10000", suffix.header("Content-Range"));
        Blobs.Download pastEnd = blobs.download(digest, "Range", "bytes=9000-20000");
        assertEquals("bytes 9000-9999/10000", pastEnd.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 9000, 10_000), pastEnd.body());
    }

    @Test
    void rangeBeyondTheEndIs416() {
        String digest = blobs.upload(Blobs.bytes(100, 6), PART);
        Blobs.Download answer = blobs.download(digest, "Range", "bytes=100-200");
        assertEquals(416, answer.status());
        assertEquals("bytes */100", answer.header("Content-Range"));
        assertEquals("RangeNotSatisfiable", answer.json().path("error").asText());
    }

    @Test
    void anOpenRangeStartingAtOrPastTheEndIs416() {
        String digest = blobs.upload(Blobs.bytes(100, 16), PART);
        for (String range : new String[] {"bytes=100-", "bytes=150-", "bytes=150-160"}) {
            Blobs.Download answer = blobs.download(digest, "Range", range);
            assertEquals(416, answer.status(), range);
            assertEquals("bytes */100", answer.header("Content-Range"), range);
        }
    }

    @Test
    void theRangeUnitIsCaseInsensitive() {
        assumeTrue(storage == Storage.FILESYSTEM, "after the redirect the bucket, not the hold, reads the Range header");
        byte[] bytes = Blobs.bytes(100, 17);
        String digest = blobs.upload(bytes, PART);
        Blobs.Download answer = blobs.download(digest, "Range", "BYTES=0-1");
        assertEquals(206, answer.status());
        assertArrayEquals(Arrays.copyOfRange(bytes, 0, 2), answer.body());
    }

    @Test
    void headAnswersTheLengthWithoutTheBytes() {
        String digest = blobs.upload(Blobs.bytes(5000, 7), PART);
        Blobs.Download head = blobs.head(digest);
        assertEquals(200, head.status());
        assertEquals("5000", head.header("Content-Length"));
        assertEquals("bytes", head.header("Accept-Ranges"));
        assertEquals(0, head.body().length);
    }

    @Test
    void unknownDigestIsBlobNotFound() {
        Blobs.Download answer = blobs.download(Blobs.digest(new byte[] {42}));
        assertEquals(404, answer.status());
        assertEquals("BlobNotFound", answer.json().path("error").asText());
    }

    @Test
    void anotherHoldsDidIsNotServed() {
        String digest = blobs.upload(Blobs.bytes(10, 8), PART);
        XrpcResponse elsewhere = hold.get("/xrpc/com.atproto.sync.getBlob?did=did:web:other.example&cid=" + digest);
        assertEquals(404, elsewhere.status());
        assertEquals("RepoNotFound", elsewhere.error());
    }
}
