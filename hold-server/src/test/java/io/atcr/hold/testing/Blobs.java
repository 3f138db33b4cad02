package io.atcr.hold.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Uploads {@code bytes} in parts of {@code partSize} bytes, in order, and completes; answers the digest. */
    public String upload(byte[] bytes, int partSize) {
        String digest = digest(bytes);
        String uploadId = initiate(digest);
        List<Map<String, Object>> parts = new ArrayList<>();
        for (int offset = 0, n = 1; offset < bytes.length || n == 1; offset += partSize, n++) {
            byte[] part = java.util.Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + partSize));
            parts.add(part(n, putPart(uploadId, n, part)));
        }
        XrpcResponse done = complete(uploadId, digest, parts);
        if (done.status() != 200) {
            throw new AssertionError("completeUpload failed: " + done.body());
        }
        return digest;
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

    /** Sends one part and answers its etag. */
    public String putPart(String uploadId, int partNumber, byte[] bytes) {
        XrpcResponse response = put(partPath(uploadId, partNumber), bytes);
        if (response.status() != 200) {
            throw new AssertionError("uploadPart failed: " + response.body());
        }
        return response.json().path("etag").asText();
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

    /** {@code getBlob} with the given method and headers (none: anonymous). */
    public static Download fetch(TestHold hold, String method, String digest, String... headers) {
        HttpRequest request = hold.request(blobPath(digest), headers).method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Download(response.statusCode(), response.headers(), response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A {@code getBlob} answer: status, headers and the raw bytes. */
    public record Download(int status, HttpHeaders headers, byte[] body) {
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
