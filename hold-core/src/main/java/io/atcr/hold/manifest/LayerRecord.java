package io.atcr.hold.manifest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code io.atcr.hold.layer} record: one blob (a layer or a config) of one manifest a user pushed to this hold.
 * {@code repository} is kept beside upstream's fields, as an extra field.
 */
public record LayerRecord(String rkey, String digest, long size, String mediaType, String manifest, String repository,
                          String userDid, String createdAt) {
    public static final String COLLECTION = "io.atcr.hold.layer";

    /** The record value, with {@code $type}, as the repository serves it. */
    public Map<String, Object> value() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("$type", COLLECTION);
        value.put("digest", digest);
        value.put("size", size);
        value.put("mediaType", mediaType);
        value.put("manifest", manifest);
        value.put("repository", repository);
        value.put("userDid", userDid);
        value.put("createdAt", createdAt);
        return value;
    }
}
