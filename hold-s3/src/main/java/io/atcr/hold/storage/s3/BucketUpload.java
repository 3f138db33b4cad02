package io.atcr.hold.storage.s3;

import io.atcr.hold.storage.PendingUpload;
import java.time.Instant;

/**
 * One row of {@code bucket_upload}: an upload whose parts go to the bucket as an S3 multipart upload.
 *
 * @param joinedSize the staging object's size once the bucket joined the parts, else -1
 * @param joinedEtag the staging object's ETag once joined, else null
 */
record BucketUpload(String uploadId, String digest, String initiatorDid, Instant startedAt, String stagingKey,
                    String multipartId, long joinedSize, String joinedEtag) {

    boolean joined() {
        return joinedEtag != null;
    }

    PendingUpload pending() {
        return new PendingUpload(uploadId, digest, initiatorDid, startedAt);
    }

    BucketUpload joinedAs(long size, String etag) {
        return new BucketUpload(uploadId, digest, initiatorDid, startedAt, stagingKey, multipartId, size, etag);
    }
}
