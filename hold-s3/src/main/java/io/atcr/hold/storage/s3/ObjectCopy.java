package io.atcr.hold.storage.s3;

import io.atcr.hold.storage.PendingUpload;
import io.atcr.hold.failure.Failure;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/**
 * Copies a verified staging object to its blob key inside the bucket: one {@code CopyObject}, or above S3's 5 GiB
 * limit a multipart copy. Every request carries If-Match with the ETag that was verified, so only those bytes can
 * land under the digest; the blob key shows nothing until the copy completes.
 */
final class ObjectCopy {
    private final Bucket bucket;
    private final Completion.Rules rules;

    ObjectCopy(Bucket bucket, Completion.Rules rules) {
        this.bucket = bucket;
        this.rules = rules;
    }

    void publish(PendingUpload upload, String blobKey) {
        String what = "publishing upload " + upload.uploadId();
        String ifMatch = Bucket.quoted(upload.joinedEtag());
        if (upload.joinedSize() <= rules.multipartCopyAbove()) {
            bucket.call(what, s3 -> s3.copyObject(r -> r.sourceBucket(bucket.name()).sourceKey(upload.location())
                    .destinationBucket(bucket.name()).destinationKey(blobKey).copySourceIfMatch(ifMatch)
                    .metadataDirective(MetadataDirective.REPLACE).contentType(Bucket.OCTET_STREAM)));
            return;
        }
        String copyId = bucket.call(what, s3 -> s3.createMultipartUpload(r -> r.bucket(bucket.name()).key(blobKey)
                .contentType(Bucket.OCTET_STREAM)).uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long size = upload.joinedSize();
            int number = 1;
            for (long first = 0; first < size; first += rules.copyPartSize(), number++) {
                String range = "bytes=" + first + "-" + (Math.min(size, first + rules.copyPartSize()) - 1);
                int n = number;
                String etag = bucket.call(what, s3 -> s3.uploadPartCopy(r -> r.sourceBucket(bucket.name())
                        .sourceKey(upload.location()).destinationBucket(bucket.name()).destinationKey(blobKey)
                        .uploadId(copyId).partNumber(n).copySourceRange(range).copySourceIfMatch(ifMatch))
                        .copyPartResult().eTag());
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
            }
            bucket.call(what, s3 -> s3.completeMultipartUpload(r -> r.bucket(bucket.name()).key(blobKey).uploadId(copyId)
                    .multipartUpload(m -> m.parts(parts))));
        } catch (Failure e) {
            bucket.abortQuietly(blobKey, copyId);
            throw e;
        }
    }
}
