package io.atcr.hold.storage.s3;

import io.atcr.hold.storage.UploadSessions;
import io.atcr.hold.storage.PendingUpload;
import io.atcr.hold.failure.Failure;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Removes what the bucket holds under {@code uploads/} that no upload in progress names any more, older than a time (a start that stopped between creating the multipart
 * upload and its row, a completion that stopped between dropping its row and its staging object), and multipart
 * copies to blob keys that a stopped completion left open.
 */
final class AbandonedUploads {
    private static final Logger log = LoggerFactory.getLogger(AbandonedUploads.class);

    private final Bucket bucket;
    private final java.util.function.Predicate<String> inProgress;

    AbandonedUploads(Bucket bucket, java.util.function.Predicate<String> inProgress) {
        this.bucket = bucket;
        this.inProgress = inProgress;
    }

    int remove(Instant startedBefore) {
        AtomicInteger removed = new AtomicInteger();
        abortMultipartUploads(bucket.layout().uploadsPrefix(), startedBefore, this::orphan, removed);
        // a multipart copy to a blob key whose hold stopped before completing it: the copy takes minutes, not a day
        abortMultipartUploads(bucket.layout().blobsPrefix(), startedBefore, key -> bucket.layout().digestOf(key).isPresent(),
                removed);
        bucket.forEachObject(bucket.layout().uploadsPrefix(), object -> {
            if (object.lastModified().isBefore(startedBefore) && orphan(object.key())) {
                bucket.call("removing " + object.key(), s3 -> s3.deleteObject(r -> r.bucket(bucket.name()).key(object.key())));
                removed.incrementAndGet();
            }
        });
        return removed.get();
    }

    private void abortMultipartUploads(String prefix, Instant startedBefore, java.util.function.Predicate<String> ours,
                                       AtomicInteger removed) {
        try {
            bucket.s3().listMultipartUploadsPaginator(r -> r.bucket(bucket.name()).prefix(prefix)).uploads().stream()
                    .filter(mpu -> mpu.initiated() != null && mpu.initiated().isBefore(startedBefore) && ours.test(mpu.key()))
                    .forEach(mpu -> {
                        bucket.abortQuietly(mpu.key(), mpu.uploadId());
                        removed.incrementAndGet();
                    });
        } catch (SdkException e) {
            log.warn("listing the bucket's multipart uploads under {} failed ({}); they stay for the next sweep", prefix,
                    BucketFailure.code(e));
        }
    }

    /** A staging key of this hold's that no row names; any other key (not one of ours) is left alone. */
    private boolean orphan(String key) {
        return bucket.layout().uploadIdOf(key).map(id -> !inProgress.test(id)).orElse(false);
    }
}
