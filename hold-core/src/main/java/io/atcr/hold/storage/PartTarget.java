package io.atcr.hold.storage;

import java.util.Map;

/** Where a client sends one part of an upload: {@code getPartUploadUrl}'s answer. */
public record PartTarget(String url, String method, Map<String, String> headers) {
    public PartTarget {
        headers = Map.copyOf(headers);
    }
}
