package io.atcr.hold.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.HoldProcess;
import io.atcr.hold.testing.BucketLine;
import io.atcr.hold.testing.Storage;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import io.atcr.hold.xrpc.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hold killed with kill -9 in the middle of a completion (the bucket has joined the parts, the digest is being
 * checked, nothing is copied yet) leaves nothing visible under the digest, and the next completeUpload, from a hold
 * started afresh on the same database and bucket, finishes the upload.
 */
class BucketCrashTest {

    @Test
    void killNineBetweenJoinAndCopyLeavesNothingVisibleAndARetryFinishes(@TempDir Path dir) throws Exception {
        byte[] bytes = Blobs.bytes(Storage.PART + 4321, 1);
        String digest = Blobs.digest(bytes);
        try (TestIdentities ids = TestIdentities.start(); BucketLine line = new BucketLine()) {
            Map<String, String> env = new HashMap<>(line.env());
            env.put("HOLD_PUBLIC_URL", TestHold.PUBLIC_URL);
            env.put("HOLD_PLC_DIRECTORY_URL", ids.plcDirectoryUrl());
            env.put("HOLD_DID_WEB_ALLOW_PRIVATE", "true");
            env.put("HOLD_DATABASE_DIR", dir.resolve("data").toString());
            TestIdentities.User user = ids.newUser();
            String uploadId;
            List<Map<String, Object>> parts;
            try (TestHold first = holdOn(env, ids)) {
                first.addCrew(user.did());
                Blobs blobs = new Blobs(first, user);
                uploadId = blobs.initiate(digest);
                parts = blobs.putParts(uploadId, bytes, Storage.PART);
            }

            // The verifying read of the staging object: a GET of its key, not a listing of its parts.
            line.relay.stallOn(Pattern.compile("GET /" + line.bucket + "/uploads/" + uploadId + "(\\?x-id=GetObject)? HTTP/1.1"));
            try (HoldProcess process = HoldProcess.start(dir, env)) {
                String body = Json.MAPPER.writeValueAsString(Map.of("uploadId", uploadId, "digest", digest, "parts", parts));
                CompletableFuture<HttpResponse<String>> completion = HttpClient.newHttpClient().sendAsync(
                        HttpRequest.newBuilder(URI.create(process.baseUrl() + "/xrpc/" + Blobs.COMPLETE))
                                .header("Content-Type", "application/json")
                                .header("Authorization", user.bearer(Blobs.COMPLETE))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertTrue(line.relay.awaitStall(60), "the hold reads the joined object back:\n" + process.log());
                process.process().destroyForcibly().waitFor(); // kill -9 while the digest is being checked
                assertTrue(completion.handle((answer, failure) -> failure != null).get(), "no answer came");
            }
            line.relay.release();

            try (TestHold restarted = holdOn(env, ids)) {
                Blobs blobs = new Blobs(restarted, user);
                assertEquals(404, blobs.head(digest).status(), "nothing is visible under the digest");
                assertEquals(List.of("uploads/" + uploadId), Storage.S3.stored(restarted),
                        "only the joined staging object, which no URL the hold gives out can fetch");
                XrpcResponse retry = blobs.complete(uploadId, digest, parts);
                assertEquals(200, retry.status(), retry.body());
                assertArrayEquals(bytes, blobs.download(digest).body());
                String hex = digest.substring("sha256:".length());
                assertEquals(List.of("blobs/sha256/" + hex.substring(0, 2) + "/" + hex), Storage.S3.stored(restarted));
            }
        }
    }

    private static TestHold holdOn(Map<String, String> env, TestIdentities ids) {
        TestHold.Builder builder = TestHold.builder().identities(ids);
        env.forEach(builder::env);
        return builder.start();
    }
}
