package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Uploaded bytes count against the uploader's quota from the moment they are stored, and parts have a size limit. */
class PendingBytesTest {
    private static final String NOTIFY = "io.atcr.hold.notifyManifest";
    private static final String TIERS = """
            tiers:
              tiny: { quota: 1KB, description: "Tiny" }
            defaults:
              new_crew_tier: tiny
            """;

    private static TestIdentities ids;
    private static TestHold hold;

    @BeforeAll
    static void start() {
        ids = TestIdentities.start();
        hold = TestHold.builder().identities(ids).quotas(TIERS).env("HOLD_MAX_PART_SIZE", "2KB").start();
    }

    @AfterAll
    static void stop() {
        hold.close();
        ids.close();
    }

    private static Blobs member() {
        TestIdentities.User user = ids.newUser();
        hold.cli("crew", "add", user.did());
        return new Blobs(hold, user);
    }

    @Test
    void aCompletedBlobNoManifestNamesCountsAgainstItsUploader() {
        Blobs blobs = member();
        blobs.upload(Blobs.bytes(1000, 1), 1000);
        String uploadId = blobs.initiate(Blobs.digest(new byte[25]));
        blobs.put(blobs.partPath(uploadId, 1), new byte[25]).assertXrpcError(403, "QuotaExceeded");
        assertEquals(1000, hold.hold().uploads().allowance().pending(blobs.user().did()), "the refused part kept nothing");
    }

    @Test
    void storedPartsOfAnUploadInProgressCount() {
        Blobs blobs = member();
        String first = blobs.initiate(Blobs.digest(new byte[1]));
        blobs.putPart(first, 1, new byte[800]);
        String second = blobs.initiate(Blobs.digest(new byte[2]));
        blobs.put(blobs.partPath(second, 1), new byte[300]).assertXrpcError(403, "QuotaExceeded");
        assertEquals(200, blobs.abort(first).status());
        assertEquals(200, blobs.put(blobs.partPath(second, 1), new byte[300]).status(),
                "aborting an upload gives its room back");
    }

    @Test
    void aPartWithoutALengthIsStoppedWhileItStreamsPastTheRoom() {
        Blobs blobs = member();
        String uploadId = blobs.initiate(Blobs.digest(new byte[3]));
        XrpcResponse answer = hold.send(hold.request(blobs.partPath(uploadId, 1))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[1500]))).build());
        answer.assertXrpcError(403, "QuotaExceeded");
        assertEquals(0, hold.hold().uploads().allowance().pending(blobs.user().did()));
    }

    @Test
    void twoPartsAtOnceCannotBothTakeTheLastRoom() throws Exception {
        Blobs blobs = member();
        String a = blobs.initiate(Blobs.digest(new byte[4]));
        String b = blobs.initiate(Blobs.digest(new byte[5]));
        String pathA = blobs.partPath(a, 1);
        String pathB = blobs.partPath(b, 1);
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<XrpcResponse> first = CompletableFuture.supplyAsync(() -> send(go, blobs, pathA));
        CompletableFuture<XrpcResponse> second = CompletableFuture.supplyAsync(() -> send(go, blobs, pathB));
        go.countDown();
        List<Integer> statuses = List.of(first.get().status(), second.get().status());
        assertTrue(statuses.contains(200) && statuses.contains(403), statuses.toString());
        assertEquals(600, hold.hold().uploads().allowance().pending(blobs.user().did()));
    }

    private static XrpcResponse send(CountDownLatch go, Blobs blobs, String path) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return blobs.put(path, new byte[600]);
    }

    @Test
    void aManifestNamingTheBlobTurnsPendingIntoUsage() {
        Blobs blobs = member();
        String digest = blobs.upload(Blobs.bytes(700, 6), 700);
        XrpcResponse push = hold.post("/xrpc/" + NOTIFY, Map.of("repository", "app", "userDid", blobs.user().did(),
                "manifestDigest", Blobs.digest(new byte[6]), "manifest", Map.of("layers",
                        List.of(Map.of("digest", digest, "size", 700, "mediaType", "application/vnd.oci.image.layer.v1.tar")))),
                "Authorization", blobs.user().bearer(NOTIFY));
        assertEquals(200, push.status(), push.body());
        assertEquals(0, hold.hold().uploads().allowance().pending(blobs.user().did()));
        assertEquals(700, hold.get("/xrpc/io.atcr.hold.getQuota?userDid=" + blobs.user().did()).json().path("totalSize").asLong());
    }

    @Test
    void anUploadIsRefusedWhenNoRoomIsLeft() {
        Blobs blobs = member();
        blobs.upload(Blobs.bytes(1024, 7), 1024);
        XrpcResponse refused = hold.post("/xrpc/" + Blobs.INITIATE, Map.of("digest", Blobs.digest(new byte[7])),
                "Authorization", blobs.user().bearer(Blobs.INITIATE));
        refused.assertXrpcError(403, "QuotaExceeded");
    }

    @Test
    void aPartOverTheSizeLimitIsRefusedWhetherOrNotItDeclaresItsLength() {
        TestIdentities.User captainless = ids.newUser();
        try (TestHold open = TestHold.builder().identities(ids).env("HOLD_MAX_PART_SIZE", "2KB").start()) {
            open.cli("crew", "add", captainless.did());
            Blobs blobs = new Blobs(open, captainless);
            String uploadId = blobs.initiate(Blobs.digest(new byte[8]));
            blobs.put(blobs.partPath(uploadId, 1), new byte[2049]).assertXrpcError(413, "PartTooLarge");
            open.send(open.request(blobs.partPath(uploadId, 1)).PUT(HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(new byte[3000]))).build()).assertXrpcError(413, "PartTooLarge");
            assertEquals(200, blobs.put(blobs.partPath(uploadId, 1), new byte[2048]).status(), "exactly the limit passes");
        }
    }
}
