package io.atcr.hold.storage;

import java.util.List;

/** A {@code notifyManifest} call: a manifest pushed by {@code userDid} to {@code repository}, and its layers. */
public record ManifestNotice(String repository, String userDid, String manifestDigest, String tag, String operation,
                             List<Layer> layers) {
    public ManifestNotice {
        layers = List.copyOf(layers);
    }

    /** One layer of the manifest as the client describes it. */
    public record Layer(String digest, long size, String mediaType) {
    }

    /** The answer: whether it succeeded, the operation, whether stats changed, and how many layer records were new. */
    public record Outcome(boolean success, String operation, boolean statsUpdated, int layersCreated) {
    }
}
