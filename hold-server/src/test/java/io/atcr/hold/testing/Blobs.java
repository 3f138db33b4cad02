package io.atcr.hold.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Uploads blobs to a {@link TestHold} through its XRPC methods, as a registry client would. */
public final class Blobs {
    public static final String INITIATE = "io.atcr.hold.initiateUpload";
    public static final String PART_URL = "io.atcr.hold.getPartUploadUrl";
    public static final String COMPLETE = "io.atcr.hold.completeUpload";
    public static final String ABORT = "io.atcr.hold.abortUpload";
    public static final String GET_BLOB = "com.atproto.sync.getBlob";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final TestHold hold;
    private final TestIdentities.User user;

    public Blobs(TestHold hold, TestIdentities.User user) {
        this.hold = hold;
        this.user = user;
    }

    public TestIdentities.User user() {
        return user;
    }

    /** {@code size} reproducible pseudo-random bytes. */
    public static byte[] bytes(int size, long seed) {
        byte[] out = new byte[size];
        new Random(seed).nextBytes(out);
        return out;
    }

    public static String digest(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(io.atcr.hold.record.Sha256.of(bytes));
    }

    /** Uploads {@code bytes} in parts of {@code partSize} bytes, in order, and completes; answers the digest. */
    public String upload(byte[] bytes, int partSize) {
        String digest = digest(bytes);
        String uploadId = initiate(digest);
        XrpcResponse done = complete(uploadId, digest, putParts(uploadId, bytes, partSize));
        if (done.status() != 200) {
            throw new AssertionError("completeUpload failed: " + done.body());
        }
        return digest;
    }

    /** Sends {@code bytes} as the upload's parts of {@code partSize} bytes, in order; answers them for completeUpload. */
    public List<Map<String, Object>> putParts(String uploadId, byte[] bytes, int partSize) {
        List<Map<String, Object>> parts = new ArrayList<>();
        for (int offset = 0, n = 1; offset < bytes.length || n == 1; offset += partSize, n++) {
            byte[] part = java.util.Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + partSize));
            parts.add(part(n, putPart(uploadId, n, part)));
        }
        return parts;
    }

    public String initiate(String digest) {
        XrpcResponse response = hold.post("/xrpc/" + INITIATE, Map.of("digest", digest), "Authorization", user.bearer(INITIATE));
        if (response.status() != 200) {
            throw new AssertionError("initiateUpload failed: " + response.body());
        }
        return response.json().path("uploadId").asText();
    }

    public XrpcResponse partUrl(String uploadId, int partNumber) {
        return hold.post("/xrpc/" + PART_URL, Map.of("uploadId", uploadId, "partNumber", partNumber),
                "Authorization", user.bearer(PART_URL));
    }

    /** The part URL's path and query, to send to the test hold (its public URL is not reachable). */
    public String partPath(String uploadId, int partNumber) {
        XrpcResponse response = partUrl(uploadId, partNumber);
        if (response.status() != 200) {
            throw new AssertionError("getPartUploadUrl failed: " + response.body());
        }
        URI url = URI.create(response.json().path("url").asText());
        return url.getRawPath() + "?" + url.getRawQuery();
    }

    /** PUTs bytes to a part path (from {@link #partPath}), without a token. */
    public XrpcResponse put(String partPath, byte[] bytes) {
        return hold.send(hold.request(partPath).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    /**
     * Sends one part where {@code getPartUploadUrl} says, as upstream's AppView does: to the hold, or straight to the
     * bucket with the headers given. Answers the part's ETag.
     */
    public String putPart(String uploadId, int partNumber, byte[] bytes) {
        XrpcResponse response = sendPart(uploadId, partNumber, bytes);
        if (response.status() != 200) {
            throw new AssertionError("the part PUT failed with " + response.status() + ": " + response.body());
        }
        return response.headers().firstValue("ETag").orElseThrow().replace("\"", "");
    }

    /** PUTs one part to the URL {@code getPartUploadUrl} answers, and answers what that URL's server said. */
    public XrpcResponse sendPart(String uploadId, int partNumber, byte[] bytes) {
        XrpcResponse target = partUrl(uploadId, partNumber);
        if (target.status() != 200) {
            throw new AssertionError("getPartUploadUrl failed: " + target.body());
        }
        URI url = URI.create(target.json().path("url").asText());
        HttpRequest.Builder request = url.toString().startsWith(TestHold.PUBLIC_URL + "/")
                ? hold.request(url.getRawPath() + "?" + url.getRawQuery()) // hold.test is the hold's name, not reachable
                : HttpRequest.newBuilder(url);
        target.json().path("headers").fields().forEachRemaining(h -> request.header(h.getKey(), h.getValue().asText()));
        return hold.send(request.PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    public static Map<String, Object> part(int partNumber, String etag) {
        return Map.of("partNumber", partNumber, "etag", etag);
    }

    public XrpcResponse complete(String uploadId, String digest, List<Map<String, Object>> parts) {
        return hold.post("/xrpc/" + COMPLETE, Map.of("uploadId", uploadId, "digest", digest, "parts", parts),
                "Authorization", user.bearer(COMPLETE));
    }

    public XrpcResponse abort(String uploadId) {
        return hold.post("/xrpc/" + ABORT, Map.of("uploadId", uploadId), "Authorization", user.bearer(ABORT));
    }

    /** {@code getBlob} as this user, with extra headers (name, value, …). */
    public Download download(String digest, String... headers) {
        return fetch(hold, "GET", digest, withToken(headers));
    }

    /** {@code getBlob} with HEAD as this user. */
    public Download head(String digest, String... headers) {
        return fetch(hold, "HEAD", digest, withToken(headers));
    }

    private String[] withToken(String[] headers) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Authorization";
        all[headers.length + 1] = user.bearer(GET_BLOB);
        return all;
    }

    /**
     * {@code getBlob} with the given method and headers (none: anonymous). A 307 to the bucket is followed as a
     * registry client follows it: the same headers but the hold's token; the answer then says where it came from.
     */
    public static Download fetch(TestHold hold, String method, String digest, String... headers) {
        Download answer = send(hold.request(blobPath(digest), headers), method, null);
        if (answer.status() != 307) {
            return answer;
        }
        URI location = URI.create(answer.header("Location"));
        HttpRequest.Builder bucket = HttpRequest.newBuilder(location);
        for (int i = 0; i < headers.length; i += 2) {
            if (!headers[i].equalsIgnoreCase("Authorization")) {
                bucket.header(headers[i], headers[i + 1]);
            }
        }
        return send(bucket, method, location);
    }

    /** {@code getBlob} without following a redirect. */
    public static Download fetchUnfollowed(TestHold hold, String method, String digest, String... headers) {
        return send(hold.request(blobPath(digest), headers), method, null);
    }

    private static Download send(HttpRequest.Builder builder, String method, URI redirectedTo) {
        HttpRequest request = builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Download(response.statusCode(), response.headers(), response.body(), redirectedTo);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A {@code getBlob} answer: status, headers and the raw bytes, and the bucket URL it came from, if any. */
    public record Download(int status, HttpHeaders headers, byte[] body, URI redirectedTo) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonNode json() {
            try {
                return io.atcr.hold.xrpc.Json.MAPPER.readTree(body);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + new String(body, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    public static String blobPath(String digest) {
        return "/xrpc/" + GET_BLOB + "?did=" + TestHold.HOLD_DID + "&cid=" + digest;
    }
}
