package io.atcr.hold.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** notifyManifest as upstream's AppView sends it: a pushed or pulled manifest in upstream's {@code manifestInfo}. */
public final class Pushes {
    public static final String NOTIFY = "io.atcr.hold.notifyManifest";
    public static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String INDEX_TYPE = "application/vnd.oci.image.index.v1+json";
    public static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

    private final TestHold hold;
    private final Blobs blobs;

    public Pushes(TestHold hold, Blobs blobs) {
        this.hold = hold;
        this.blobs = blobs;
    }

    /** Uploads {@code size} bytes (distinct per seed) and answers it as upstream's {@code layerInfo}. */
    public Map<String, Object> layer(int size, long seed) {
        return Map.of("digest", blobs.upload(Blobs.bytes(size, seed), 4096), "size", size, "mediaType", LAYER_TYPE);
    }

    /** Uploads a config blob and answers it as upstream's {@code blobInfo} (digest and size, no media type). */
    public Map<String, Object> config(int size, long seed) {
        return Map.of("digest", blobs.upload(Blobs.bytes(size, seed), 4096), "size", size);
    }

    /** An image manifest: its config and layers. */
    public static Map<String, Object> image(Map<String, Object> config, List<Map<String, Object>> layers) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("mediaType", MANIFEST_TYPE);
        if (config != null) {
            manifest.put("config", config);
        }
        manifest.put("layers", layers);
        return manifest;
    }

    /** An image index of child manifests, given by digest, for linux/amd64 and linux/arm64 in turn. */
    public static Map<String, Object> index(String... childDigests) {
        String[] architectures = {"amd64", "arm64"};
        List<Map<String, Object>> children = new java.util.ArrayList<>();
        for (int i = 0; i < childDigests.length; i++) {
            children.add(Map.of("digest", childDigests[i], "size", 500, "mediaType", MANIFEST_TYPE,
                    "platform", Map.of("os", "linux", "architecture", architectures[i % 2])));
        }
        return Map.of("mediaType", INDEX_TYPE, "manifests", children);
    }

    /** notifyManifest by the blobs' user for {@code repository}. */
    public XrpcResponse notify(String operation, String repository, String manifestDigest, Map<String, Object> manifest) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("repository", repository);
        body.put("userDid", blobs.user().did());
        body.put("manifestDigest", manifestDigest);
        body.put("tag", "latest");
        if (operation != null) {
            body.put("operation", operation);
        }
        body.put("manifest", manifest);
        return hold.post("/xrpc/" + NOTIFY, body, "Authorization", blobs.user().bearer(NOTIFY));
    }

    public XrpcResponse push(String repository, String manifestDigest, Map<String, Object> manifest) {
        return notify("push", repository, manifestDigest, manifest);
    }

    public XrpcResponse pull(String repository, String manifestDigest) {
        return notify("pull", repository, manifestDigest, Map.of());
    }

    /** The manifest's AT-URI, as layer records name it. */
    public String manifestUri(String manifestDigest) {
        return "at://" + blobs.user().did() + "/io.atcr.manifest/" + manifestDigest.substring("sha256:".length());
    }

    /** A manifest digest made from a name, for tests that need several. */
    public static String manifestDigest(String name) {
        return Blobs.digest(("manifest " + name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
