package io.atcr.hold.storage.s3;

import io.atcr.hold.storage.UploadSessions;
import io.atcr.hold.storage.PendingUpload;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The configured bucket, as the driver speaks to it: every call's failure becomes the caller's 503 or 507 through
 * {@link BucketFailure}, and "not there" answers become empty results rather than errors.
 */
final class Bucket {
    static final String OCTET_STREAM = "application/octet-stream";
    private static final Logger log = LoggerFactory.getLogger(Bucket.class);

    /** A stored part of a multipart upload, as {@code ListParts} reports it. */
    record Part(int number, String etag, long size) {
    }

    /** An object as listed: key, size, last written. */
    record Listed(String key, long size, Instant lastModified) {
    }

    private final S3Client s3;
    private final String name;
    private final BucketLayout layout;

    Bucket(S3Client s3, String name, BucketLayout layout) {
        this.s3 = s3;
        this.name = name;
        this.layout = layout;
    }

    String name() {
        return name;
    }

    /** The client itself, for a streamed read whose failures the caller reports its own way. */
    S3Client s3() {
        return s3;
    }

    BucketLayout layout() {
        return layout;
    }

    /** Runs one call, turning the bucket's failure into the caller's error; {@code what} says what was being done. */
    <T> T call(String what, Function<S3Client, T> call) {
        try {
            return call.apply(s3);
        } catch (SdkException e) {
            throw BucketFailure.of(name, what, e);
        }
    }

    Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(r -> r.bucket(name).key(key)));
        } catch (SdkException e) {
            if (BucketFailure.notFound(e)) {
                return Optional.empty();
            }
            throw BucketFailure.of(name, "looking up " + key, e);
        }
    }

    /** The upload's stored parts by number; empty when the bucket has no such multipart upload (any more). */
    Optional<Map<Integer, Part>> listParts(PendingUpload upload) {
        Map<Integer, Part> parts = new TreeMap<>();
        try {
            Integer marker = null;
            while (true) {
                Integer from = marker;
                ListPartsResponse page = s3.listParts(r -> r.bucket(name).key(upload.location())
                        .uploadId(upload.handle()).partNumberMarker(from));
                page.parts().forEach(p -> parts.put(p.partNumber(), new Part(p.partNumber(), unquoted(p.eTag()), p.size())));
                if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextPartNumberMarker() == null) {
                    return Optional.of(parts);
                }
                marker = page.nextPartNumberMarker();
            }
        } catch (SdkException e) {
            if (BucketFailure.notFound(e)) {
                return Optional.empty();
            }
            throw BucketFailure.of(name, "listing the parts of upload " + upload.uploadId(), e);
        }
    }

    /** Calls {@code each} for every object under {@code prefix}, a page at a time. */
    void forEachObject(String prefix, Consumer<Listed> each) {
        try {
            s3.listObjectsV2Paginator(r -> r.bucket(name).prefix(prefix)).contents()
                    .forEach((S3Object o) -> each.accept(new Listed(o.key(), o.size(), o.lastModified())));
        } catch (SdkException e) {
            throw BucketFailure.of(name, "listing " + prefix, e);
        }
    }

    /**
     * Removes an upload: its multipart upload (unless joined), its staging object, then its row. With {@code strict}
     * a bucket failure is the caller's error and the row stays for a retry; without, it is logged and the sweep of
     * abandoned uploads removes what is left.
     */
    void discard(PendingUpload upload, UploadSessions uploads, boolean strict) {
        try {
            if (!upload.joined()) {
                abort(upload.location(), upload.handle());
            }
            s3.deleteObject(r -> r.bucket(name).key(upload.location()));
        } catch (SdkException e) {
            if (strict) {
                throw BucketFailure.of(name, "discarding upload " + upload.uploadId(), e);
            }
            log.warn("upload {}: its staging object stays until the sweep of abandoned uploads: {} {}",
                    upload.uploadId(), BucketFailure.code(e), e.getClass().getSimpleName());
        }
        uploads.delete(upload.uploadId());
    }

    void abort(String key, String multipartId) {
        try {
            s3.abortMultipartUpload(r -> r.bucket(name).key(key).uploadId(multipartId));
        } catch (SdkException e) {
            if (!BucketFailure.notFound(e)) {
                throw e;
            }
        }
    }

    void abortQuietly(String key, String multipartId) {
        try {
            abort(key, multipartId);
        } catch (SdkException e) {
            log.warn("could not abort the multipart upload at {}; the sweep of abandoned uploads will: {}", key,
                    BucketFailure.code(e));
        }
    }

    static String quoted(String etag) {
        return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
    }

    static String unquoted(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }
}
