package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Eventually;
import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.UploadingCrew;
import io.atcr.hold.testing.XrpcResponse;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A completed blob never changes, whatever else the same upload is doing at that moment. */
class CompletionRaceTest {
    private static UploadingCrew crew;
    private static TestHold hold;
    private static Blobs blobs;

    @BeforeAll
    static void start() {
        crew = UploadingCrew.start();
        hold = crew.hold;
        blobs = crew.blobs;
    }

    @AfterAll
    static void stop() {
        crew.close();
    }

    @Test
    void aPartStillStreamingCannotWriteIntoTheCompletedBlob() throws Exception {
        byte[] first = Blobs.bytes(1_000_000, 31);
        String digest = Blobs.digest(first);
        String uploadId = blobs.initiate(digest);
        String etag = blobs.putPart(uploadId, 1, first);
        try (SlowPart second = new SlowPart(blobs.partPath(uploadId, 2))) {
            second.write(Blobs.bytes(600_000, 32)); // more than one of the hold's 512 KiB buffers
            Eventually.await("part 2 is being appended", () -> dataFileSize(uploadId) > first.length);
            CompletableFuture<XrpcResponse> complete = CompletableFuture.supplyAsync(
                    () -> blobs.complete(uploadId, digest, List.of(Blobs.part(1, etag))));
            Eventually.await("the completion has sealed the upload",
                    () -> blobs.put(blobs.partPath(uploadId, 3), new byte[10]).status() == 409);
            second.write(Blobs.bytes(800_000, 33)); // the attacker's bytes, after the completion began
            second.close();
            assertEquals(200, complete.get().status(), complete.get().body());
        }
        assertArrayEquals(first, blobs.download(digest).body());
        assertEquals(first.length, Files.size(blobFile(digest)));
    }

    @Test
    void aPartOrAnAbortSentWhileTheUploadCompletesIsRefused() throws Exception {
        byte[] bytes = Blobs.bytes(300_000, 34);
        String digest = Blobs.digest(bytes);
        String uploadId = blobs.initiate(digest);
        String etag = blobs.putPart(uploadId, 1, bytes);
        XrpcResponse refused;
        try (SlowPart slow = new SlowPart(blobs.partPath(uploadId, 2))) {
            slow.write(new byte[600_000]);
            Eventually.await("part 2 is being appended", () -> dataFileSize(uploadId) > bytes.length);
            CompletableFuture<XrpcResponse> complete = CompletableFuture.supplyAsync(
                    () -> blobs.complete(uploadId, digest, List.of(Blobs.part(1, etag))));
            Eventually.await("sealed", () -> blobs.put(blobs.partPath(uploadId, 3), new byte[10]).status() == 409);
            refused = blobs.put(blobs.partPath(uploadId, 1), Blobs.bytes(300_000, 35));
            blobs.abort(uploadId).assertXrpcError(409, "UploadCompleting");
            slow.close();
            assertEquals(200, complete.get().status(), complete.get().body());
        }
        refused.assertXrpcError(409, "UploadCompleting");
        assertArrayEquals(bytes, blobs.download(digest).body());
    }

    @Test
    void concurrentCompletesOfOneUploadAllAnswerCompleted() throws Exception {
        byte[] bytes = Blobs.bytes(3_000_000, 36);
        String digest = Blobs.digest(bytes);
        String uploadId = blobs.initiate(digest);
        // Out of order, so the completion joins and hashes instead of renaming.
        String second = blobs.putPart(uploadId, 2, Arrays.copyOfRange(bytes, 1_500_000, 3_000_000));
        String first = blobs.putPart(uploadId, 1, Arrays.copyOfRange(bytes, 0, 1_500_000));
        List<Map<String, Object>> parts = List.of(Blobs.part(1, first), Blobs.part(2, second));
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<XrpcResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                await(go);
                return blobs.complete(uploadId, digest, parts);
            }, java.util.concurrent.Executors.newSingleThreadExecutor()));
        }
        go.countDown();
        for (CompletableFuture<XrpcResponse> answer : answers) {
            XrpcResponse response = answer.get();
            assertEquals(200, response.status(), response.body());
            assertEquals("completed", response.json().path("status").asText());
        }
        assertArrayEquals(bytes, blobs.download(digest).body());
    }

    @Test
    void aCompleteRetriedAfterAClientTimeoutGetsTheSameAnswer() throws Exception {
        byte[] bytes = Blobs.bytes(4_000_000, 37);
        String digest = Blobs.digest(bytes);
        String uploadId = blobs.initiate(digest);
        String second = blobs.putPart(uploadId, 2, Arrays.copyOfRange(bytes, 2_000_000, 4_000_000));
        String first = blobs.putPart(uploadId, 1, Arrays.copyOfRange(bytes, 0, 2_000_000));
        List<Map<String, Object>> parts = List.of(Blobs.part(1, first), Blobs.part(2, second));
        HttpRequest impatient = hold.request("/xrpc/" + Blobs.COMPLETE, "Authorization", blobs.user().bearer(Blobs.COMPLETE),
                        "Content-Type", "application/json").timeout(Duration.ofMillis(1))
                .POST(HttpRequest.BodyPublishers.ofString(io.atcr.hold.xrpc.Json.MAPPER.writeValueAsString(
                        Map.of("uploadId", uploadId, "digest", digest, "parts", parts)))).build();
        assertThrows(java.io.UncheckedIOException.class, () -> hold.send(impatient));

        XrpcResponse retry = blobs.complete(uploadId, digest, parts);
        assertEquals(200, retry.status(), retry.body());
        XrpcResponse again = blobs.complete(uploadId, digest, parts);
        assertEquals(200, again.status(), again.body());
        assertArrayEquals(bytes, blobs.download(digest).body());
    }

    @Test
    void aStrangerCannotReplayAnotherUsersCompletion() {
        byte[] bytes = Blobs.bytes(10_000, 38);
        String digest = Blobs.digest(bytes);
        String uploadId = blobs.initiate(digest);
        List<Map<String, Object>> parts = List.of(Blobs.part(1, blobs.putPart(uploadId, 1, bytes)));
        assertEquals(200, blobs.complete(uploadId, digest, parts).status());
        crew.newMember().complete(uploadId, digest, parts).assertXrpcError(404, "InvalidUploadId");
    }

    /** A part PUT whose body the test writes bit by bit. */
    private static final class SlowPart implements AutoCloseable {
        private final PipedOutputStream body = new PipedOutputStream();
        private final CompletableFuture<XrpcResponse> answer;

        SlowPart(String partPath) throws IOException {
            PipedInputStream in = new PipedInputStream(body, 64 * 1024);
            answer = CompletableFuture.supplyAsync(() -> hold.send(hold.request(partPath)
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> in)).build()));
        }

        void write(byte[] bytes) throws IOException {
            body.write(bytes);
            body.flush();
        }

        @Override
        public void close() throws IOException {
            body.close();
            try {
                answer.get();
            } catch (Exception ignored) {
                // whether the late part was stored or refused, the blob must not change: the test checks that
            }
        }
    }

    private static long dataFileSize(String uploadId) {
        try {
            Path data = uploads().resolve(uploadId).resolve("data");
            return Files.exists(data) ? Files.size(data) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static Path uploads() {
        return Path.of(hold.env().get("HOLD_DATABASE_DIR")).resolve("blobs").resolve("uploads");
    }

    private static Path blobFile(String digest) {
        String hex = digest.substring("sha256:".length());
        return Path.of(hold.env().get("HOLD_DATABASE_DIR")).resolve("blobs").resolve("sha256")
                .resolve(hex.substring(0, 2)).resolve(hex);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
