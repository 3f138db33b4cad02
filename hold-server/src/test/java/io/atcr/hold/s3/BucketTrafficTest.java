package io.atcr.hold.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.S3Server;
import io.atcr.hold.testing.Storage;
import io.atcr.hold.testing.TcpRelay;
import io.atcr.hold.testing.UploadingCrew;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On S3, layer bytes go between the client and the bucket: the hold signs URLs and never carries a part. */
class BucketTrafficTest {
    private UploadingCrew crew;
    private TcpRelay front;

    @BeforeEach
    void start() {
        crew = UploadingCrew.start(Storage.S3::configure);
        front = TcpRelay.to(crew.hold.serverUri());
        crew.hold.routeThrough(front);
    }

    @AfterEach
    void stop() {
        front.close();
        crew.close();
    }

    @Test
    void noPartByteReachesTheHold() {
        byte[] bytes = Blobs.bytes(3 * Storage.PART + 1234, 1);
        String digest = crew.blobs.upload(bytes, Storage.PART);
        long uploaded = front.bytesToTarget();
        assertTrue(uploaded < 64 * 1024, "the hold received " + uploaded + " bytes for a blob of " + bytes.length);
        Blobs.Download download = crew.blobs.download(digest);
        assertNotNull(download.redirectedTo(), "the download is a redirect to the bucket");
        assertTrue(download.redirectedTo().toString().startsWith(S3Server.shared().endpoint().toString()));
        assertArrayEquals(bytes, download.body());
        assertTrue(front.bytesToTarget() - uploaded < 16 * 1024, "nor a byte of the download");
    }

    @Test
    void rangesGoToTheBucketThroughTheRedirect() {
        byte[] bytes = Blobs.bytes(Storage.PART + 10, 2);
        String digest = crew.blobs.upload(bytes, Storage.PART);
        Blobs.Download middle = crew.blobs.download(digest, "Range", "bytes=5242870-5242889");
        assertEquals(206, middle.status());
        assertEquals("bytes 5242870-5242889/5242890", middle.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 5_242_870, 5_242_890), middle.body());
    }

    @Test
    void headAnswersFromTheBucketWithoutARedirect() {
        String digest = crew.blobs.upload(Blobs.bytes(5000, 3), Storage.PART);
        Blobs.Download head = crew.blobs.head(digest);
        assertEquals(200, head.status());
        assertEquals("5000", head.header("Content-Length"));
        assertNull(head.redirectedTo());
        assertNull(head.header("Location"));
    }

    @Test
    void theRedirectIsNotCachedAndNeedsTheReadersToken() {
        String digest = crew.blobs.upload(Blobs.bytes(100, 4), Storage.PART);
        Blobs.Download redirect = Blobs.fetchUnfollowed(crew.hold, "GET", digest,
                "Authorization", crew.blobs.user().bearer(Blobs.GET_BLOB));
        assertEquals(307, redirect.status());
        assertEquals("no-store", redirect.header("Cache-Control"));
        assertTrue(redirect.header("Location").contains("X-Amz-Signature="), redirect.header("Location"));
    }
}
