package io.atcr.hold.manifest;

import java.util.List;

/**
 * A {@code notifyManifest} call: {@code userDid} pushed or pulled the manifest {@code manifestDigest} of
 * {@code repository}. {@code blobs} are what a push records, the config blob first, then the layers; an image index
 * (one that lists child manifests) has none of its own.
 */
public record ManifestNotice(String repository, String userDid, String manifestDigest, String tag, Operation operation,
                             List<Blob> blobs, boolean index) {
    /** The config blob's media type when the manifest names none (upstream's {@code blobInfo} has no media type). */
    public static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
    /** A layer's media type when the manifest names none. */
    public static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

    public ManifestNotice {
        blobs = index ? List.of() : List.copyOf(blobs);
    }

    /** What the notice is about; upstream's default is {@code push}. */
    public enum Operation {
        PUSH, PULL;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One blob of the manifest as the client describes it. */
    public record Blob(String digest, long size, String mediaType) {
    }

    /** The manifest's AT-URI in its owner's repository, which each layer record names. */
    public String manifestUri() {
        return "at://" + userDid + "/io.atcr.manifest/" + manifestDigest.substring(manifestDigest.indexOf(':') + 1);
    }

    /** The answer, in upstream's shape; {@code postUri} is null (and left out) when no post was made. */
    public record Outcome(boolean success, String operation, boolean statsUpdated, int layersCreated, boolean postCreated,
                          String postUri) {
    }
}
