package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.cli.Main;
import io.atcr.hold.testing.Eventually;
import io.atcr.hold.testing.HoldProcess;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.xrpc.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM lets a transfer in flight finish, then the hold exits 0; every request left one access line. */
class ShutdownTest {
    @TempDir
    Path dir;

    /** What a SIGTERM during a slow part left: the part's answer (or failure), the exit code and the log. */
    private record Stopped(CompletableFuture<HttpResponse<String>> upload, int code, String log, String did) {
    }

    /**
     * Starts serve with {@code grace}, sends one part of {@code chunks} 16 KiB chunks 50 ms apart, and sends SIGTERM
     * once the part is streaming into the hold.
     */
    private Stopped terminateDuringASlowPart(String grace, int chunks) throws Exception {
        try (TestIdentities ids = TestIdentities.start()) {
            Map<String, String> env = Map.of("HOLD_PUBLIC_URL", TestHold.PUBLIC_URL, "HOLD_PLC_DIRECTORY_URL",
                    ids.plcDirectoryUrl(), "HOLD_DATABASE_DIR", dir.resolve("data").toString(), "HOLD_SHUTDOWN_GRACE", grace);
            TestIdentities.User user = ids.newUser();
            assertEquals(0, Main.run(List.of("crew", "add", user.did()), env, Clock.systemUTC(),
                    new PrintStream(new ByteArrayOutputStream()), System.err));
            HttpClient http = HttpClient.newHttpClient();
            try (HoldProcess hold = HoldProcess.start(dir, env)) {
                String uploadId = post(http, hold, "io.atcr.hold.initiateUpload",
                        "{\"digest\":\"sha256:" + "c".repeat(64) + "\"}", user).get("uploadId").asText();
                URI partUrl = URI.create(post(http, hold, "io.atcr.hold.getPartUploadUrl",
                        "{\"uploadId\":\"" + uploadId + "\",\"partNumber\":1}", user).get("url").asText());
                CountDownLatch started = new CountDownLatch(1);
                CompletableFuture<HttpResponse<String>> upload = http.sendAsync(HttpRequest.newBuilder(
                                URI.create(hold.baseUrl() + partUrl.getRawPath() + "?" + partUrl.getRawQuery()))
                        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new SlowBody(started, chunks, 16 * 1024, 50))).build(),
                        HttpResponse.BodyHandlers.ofString());
                started.await();
                // Part 1 arrives in order, so the hold appends it to the upload's data file as it streams.
                Path data = dir.resolve("data").resolve("blobs").resolve("uploads").resolve(uploadId).resolve("data");
                Eventually.await("the part is streaming into the hold", () -> size(data) > 0);
                int code = hold.terminate();
                return new Stopped(upload, code, hold.log(), user.did());
            }
        }
    }

    @Test
    void sigtermLetsASlowUploadFinishAndExitsZero() throws Exception {
        Stopped stopped = terminateDuringASlowPart("20s", 40); // the part takes about two seconds
        HttpResponse<String> upload = stopped.upload().get();
        assertEquals(200, upload.statusCode(), upload.body());
        assertEquals(0, stopped.code(), stopped.log());
        String log = stopped.log();
        assertTrue(log.contains("shutting down") && log.contains("stopped"), log);
        assertTrue(log.contains("PUT /xrpc/io.atcr.hold.uploadPart 200"), log);
        assertTrue(log.contains("POST /xrpc/io.atcr.hold.initiateUpload 200") && log.contains(stopped.did()), log);
        assertFalse(log.contains("sig="), "a part URL's signature reached the log");
        assertFalse(log.contains("Bearer") || log.contains("eyJ"), "a token reached the log");
        assertFalse(log.contains("Exception"), log);
    }

    @Test
    void aRequestStillRunningWhenTheGraceEndsIsCutWithOneLineAndTheExitIsZero() throws Exception {
        Stopped stopped = terminateDuringASlowPart("1s", 400); // the part would take 20 s
        assertEquals(0, stopped.code(), stopped.log());
        String log = stopped.log();
        assertTrue(log.contains("ended with 1 request(s) still running; they are cut"), log);
        assertTrue(log.contains("stopped"), "the database was closed and the exit clean:\n" + log);
        assertFalse(log.contains("Exception") || log.contains("\tat "), log);
        stopped.upload().handle((response, error) -> null).get(); // cut: it fails or ends, but never hangs
    }

    private static long size(Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (java.io.IOException notYet) {
            return 0;
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode post(HttpClient http, HoldProcess hold, String nsid, String body,
                                                               TestIdentities.User user) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(hold.baseUrl() + "/xrpc/" + nsid))
                .header("Content-Type", "application/json").header("Authorization", user.bearer(nsid))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Json.MAPPER.readTree(response.body());
    }

    /** {@code chunks} chunks of {@code size} bytes, {@code pauseMillis} apart. */
    private static final class SlowBody extends InputStream {
        private final CountDownLatch started;
        private final int size;
        private final long pause;
        private int chunksLeft;
        private int inChunk;

        SlowBody(CountDownLatch started, int chunks, int size, long pause) {
            this.started = started;
            this.chunksLeft = chunks;
            this.size = size;
            this.pause = pause;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (inChunk == 0) {
                if (chunksLeft == 0) {
                    return -1;
                }
                started.countDown();
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                chunksLeft--;
                inChunk = size;
            }
            int n = Math.min(length, inChunk);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 7);
            inChunk -= n;
            return n;
        }
    }
}
