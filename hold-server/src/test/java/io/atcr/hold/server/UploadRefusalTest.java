package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.storage.Uploads;
import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.MutableClock;
import io.atcr.hold.testing.Storage;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** What an upload refuses, and that a refused upload leaves nothing behind, on every storage driver. */
@ParameterizedClass
@ArgumentsSource(Storage.Drivers.class)
class UploadRefusalTest {
    private static final int PART = Storage.PART;
    @Parameter
    Storage storage;
    private MutableClock clock;
    private TestIdentities ids;
    private TestHold hold;
    private TestIdentities.User user;
    private Blobs blobs;

    @BeforeEach
    void start() {
        clock = MutableClock.atRealTime();
        ids = TestIdentities.start(clock);
        hold = storage.configure(TestHold.builder().identities(ids).clock(clock)).start();
        user = ids.newUser();
        hold.cli("crew", "add", user.did());
        blobs = new Blobs(hold, user);
    }

    @AfterEach
    void stop() {
        hold.close();
        ids.close();
    }

    @Test
    void wrongDigestIsRefusedAndLeavesNothing() {
        byte[] bytes = Blobs.bytes(PART + 30_000, 1);
        String claimed = Blobs.digest(Blobs.bytes(PART + 30_000, 2));
        String uploadId = blobs.initiate(claimed);
        XrpcResponse done = blobs.complete(uploadId, claimed, blobs.putParts(uploadId, bytes, PART));
        assertEquals(400, done.status());
        assertEquals("InvalidDigest", done.error());
        assertTrue(done.message().contains(Blobs.digest(bytes)), done.message());
        assertEquals(404, blobs.download(claimed).status());
        assertEquals(List.of(), storage.stored(hold), "no blob, part or temporary file is left");
        assertEquals("InvalidUploadId", blobs.abort(uploadId).error());
    }

    @Test
    void missingPartIsRefusedAndTheUploadCanStillComplete() {
        byte[] bytes = Blobs.bytes(PART + 25_000, 3);
        String digest = Blobs.digest(bytes);
        String uploadId = blobs.initiate(digest);
        String first = blobs.putPart(uploadId, 1, Arrays.copyOfRange(bytes, 0, PART));
        XrpcResponse early = blobs.complete(uploadId, digest, List.of(Blobs.part(1, first), Blobs.part(2, "0".repeat(32))));
        assertEquals(400, early.status());
        assertEquals("MissingParts", early.error());
        assertTrue(early.message().contains("[2]"), early.message());
        String second = blobs.putPart(uploadId, 2, Arrays.copyOfRange(bytes, PART, bytes.length));
        XrpcResponse done = blobs.complete(uploadId, digest, List.of(Blobs.part(1, first), Blobs.part(2, second)));
        assertEquals(200, done.status(), done.body());
        assertArrayEquals(bytes, blobs.download(digest).body());
    }

    @Test
    void abortedUploadIsGone() {
        String uploadId = blobs.initiate(Blobs.digest(new byte[] {1}));
        String etag = blobs.putPart(uploadId, 1, new byte[] {1});
        XrpcResponse aborted = blobs.abort(uploadId);
        assertEquals(200, aborted.status());
        assertEquals("aborted", aborted.json().path("status").asText(), "upstream's answer");
        XrpcResponse done = blobs.complete(uploadId, Blobs.digest(new byte[] {1}), List.of(Blobs.part(1, etag)));
        assertEquals(404, done.status());
        assertEquals("InvalidUploadId", done.error());
        assertEquals(List.of(), storage.stored(hold));
    }

    @Test
    void aMemberHasAtMostAHundredUploadsInProgress() {
        String first = null;
        for (int i = 0; i < Uploads.MAX_UPLOADS_IN_PROGRESS; i++) {
            String id = blobs.initiate(Blobs.digest(new byte[] {(byte) i}));
            first = first == null ? id : first;
        }
        XrpcResponse refused = hold.post("/xrpc/" + Blobs.INITIATE, java.util.Map.of("digest", Blobs.digest(new byte[0])),
                "Authorization", user.bearer(Blobs.INITIATE)).assertXrpcError(429, "TooManyUploads");
        assertTrue(refused.message().contains("complete or abort some"), refused.message());
        TestIdentities.User other = ids.newUser();
        hold.cli("crew", "add", other.did());
        new Blobs(hold, other).initiate(Blobs.digest(new byte[0])); // the cap is each member's own
        assertEquals(200, blobs.abort(first).status());
        blobs.initiate(Blobs.digest(new byte[0]));
    }

    @Test
    void anotherUsersUploadDoesNotExistForYou() {
        String uploadId = blobs.initiate(Blobs.digest(new byte[] {1}));
        TestIdentities.User other = ids.newUser();
        hold.cli("crew", "add", other.did());
        XrpcResponse answer = new Blobs(hold, other).abort(uploadId);
        assertEquals(404, answer.status());
        assertEquals("InvalidUploadId", answer.error());
    }

    @Test
    void uploadsNeedBlobWrite() {
        TestIdentities.User reader = ids.newUser();
        hold.cli("crew", "add", reader.did(), "--permissions", "blob:read");
        XrpcResponse answer = hold.post("/xrpc/" + Blobs.INITIATE, java.util.Map.of("digest", Blobs.digest(new byte[0])),
                "Authorization", reader.bearer(Blobs.INITIATE));
        assertEquals(403, answer.status());
        XrpcResponse anonymous = hold.post("/xrpc/" + Blobs.INITIATE, java.util.Map.of("digest", Blobs.digest(new byte[0])));
        assertEquals(401, anonymous.status());
    }

    @Test
    void uploadsAbandonedForADayAreRemoved() {
        String old = blobs.initiate(Blobs.digest(new byte[] {1}));
        String oldEtag = blobs.putPart(old, 1, new byte[] {1});
        clock.advance(Duration.ofHours(23));
        String recent = blobs.initiate(Blobs.digest(new byte[] {2}));
        String recentEtag = blobs.putPart(recent, 1, new byte[] {2});
        clock.advance(Duration.ofHours(2));
        assertEquals(1, hold.hold().uploads().removeAbandoned());
        assertEquals("InvalidUploadId", blobs.complete(old, Blobs.digest(new byte[] {1}), List.of(Blobs.part(1, oldEtag))).error());
        assertEquals(200, blobs.complete(recent, Blobs.digest(new byte[] {2}), List.of(Blobs.part(1, recentEtag))).status());
    }
}
