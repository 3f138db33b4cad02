package io.atcr.hold.storage.s3;

import io.atcr.hold.storage.Digests;
import io.atcr.hold.storage.UploadIds;
import java.util.Optional;

/**
 * Where the hold's objects lie in the bucket, under {@code S3_PREFIX}: a verified blob at
 * {@code PREFIX/blobs/sha256/ab/HEX}, an upload's staging object at {@code PREFIX/uploads/ID}. Only the hold writes
 * under {@code blobs/}, by a server-side copy of a verified staging object; clients only ever get presigned
 * {@code UploadPart} URLs of their own upload.
 */
record BucketLayout(String prefix) {
    private static final String BLOBS = "blobs/sha256/";
    private static final String UPLOADS = "uploads/";

    String blobKey(String digest) {
        String hex = Digests.hex(digest);
        return prefix + BLOBS + hex.substring(0, 2) + "/" + hex;
    }

    String stagingKey(String uploadId) {
        return prefix + UPLOADS + uploadId;
    }

    String blobsPrefix() {
        return prefix + BLOBS;
    }

    String uploadsPrefix() {
        return prefix + UPLOADS;
    }

    /** The digest a blob key stands for, or empty for any other key (a stranger's object, a folder marker). */
    Optional<String> digestOf(String key) {
        if (!key.startsWith(blobsPrefix())) {
            return Optional.empty();
        }
        String rest = key.substring(blobsPrefix().length());
        int slash = rest.indexOf('/');
        if (slash != 2) {
            return Optional.empty();
        }
        String hex = rest.substring(3);
        String digest = "sha256:" + hex;
        return Digests.valid(digest) && hex.startsWith(rest.substring(0, 2)) ? Optional.of(digest) : Optional.empty();
    }

    /** The upload id a staging key stands for, or empty for any other key (another hold's, under a longer prefix). */
    Optional<String> uploadIdOf(String key) {
        return Optional.of(key).filter(k -> k.startsWith(uploadsPrefix()))
                .map(k -> k.substring(uploadsPrefix().length())).filter(UploadIds::valid);
    }
}
