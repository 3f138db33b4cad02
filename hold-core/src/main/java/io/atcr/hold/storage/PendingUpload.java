package io.atcr.hold.storage;

import java.time.Instant;

/** An upload in progress: the digest it promises, who started it and when. */
public record PendingUpload(String uploadId, String digest, String initiatorDid, Instant startedAt) {
}
