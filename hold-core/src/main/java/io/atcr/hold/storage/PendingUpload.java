package io.atcr.hold.storage;

import java.time.Instant;

/**
 * An upload in progress, as the hold keeps it for every storage driver: the digest it promises, who started it and
 * when, and where the driver keeps its bytes.
 *
 * @param location   the driver's place for the upload's bytes (on S3 the staging key), or null
 * @param handle     the driver's own id of the upload (on S3 the multipart upload id), or null
 * @param joinedSize the joined parts' size once the driver recorded that it joined them (S3), else -1
 * @param joinedEtag the joined parts' etag once recorded, else null
 */
public record PendingUpload(String uploadId, String digest, String initiatorDid, Instant startedAt, String location,
                            String handle, long joinedSize, String joinedEtag) {

    /** A new upload, before its driver gave it a place. */
    public static PendingUpload starting(String uploadId, String digest, String initiatorDid, Instant startedAt) {
        return new PendingUpload(uploadId, digest, initiatorDid, startedAt, null, null, -1, null);
    }

    /** The same upload at the driver's {@code location} under its {@code handle}. */
    public PendingUpload at(String location, String handle) {
        return new PendingUpload(uploadId, digest, initiatorDid, startedAt, location, handle, joinedSize, joinedEtag);
    }

    public boolean joined() {
        return joinedEtag != null;
    }

    public PendingUpload joinedAs(long size, String etag) {
        return new PendingUpload(uploadId, digest, initiatorDid, startedAt, location, handle, size, etag);
    }
}
