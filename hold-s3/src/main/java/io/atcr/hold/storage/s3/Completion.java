package io.atcr.hold.storage.s3;

import io.atcr.hold.storage.UploadSessions;
import io.atcr.hold.storage.PendingUpload;
import io.atcr.hold.record.Sha256;
import io.atcr.hold.storage.BlobInfo;
import io.atcr.hold.storage.CompletedPart;
import io.atcr.hold.storage.UploadIds;
import io.atcr.hold.failure.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * {@code completeUpload} on a bucket, in the order that keeps an unverified byte from ever being visible:
 * <ol>
 *   <li>check the listed parts against the bucket's ({@code MissingParts}, part sizes);</li>
 *   <li>a blob of that digest and size already stored: drop the upload, answer it (dedupe);</li>
 *   <li>join: the bucket completes the multipart upload into the staging object, and the row records it;</li>
 *   <li>verify: read the staging object once, its SHA-256 must be the digest ({@code S3_VERIFY_DIGEST});</li>
 *   <li>publish: copy exactly the object verified (If-Match its ETag) to the blob's key, server-side;</li>
 *   <li>drop the staging object and the row.</li>
 * </ol>
 * Each step can be run again: a completion that stopped anywhere (a crash, a bucket that went away) is finished by
 * the next {@code completeUpload} of the upload, from this hold or another.
 */
final class Completion {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Completion.class);
    /**
     * The size rules: S3's (parts of 5 MiB at least but the last, server-side copies in parts above 5 GiB) and the
     * hold's largest part ({@code HOLD_MAX_PART_SIZE}).
     */
    record Rules(long maxPartSize, long minPartSize, long multipartCopyAbove, long copyPartSize) {
        static final long MIB = 1024L * 1024;

        static Rules of(long maxPartSize) {
            return new Rules(maxPartSize, 5 * MIB, 5 * 1024 * MIB, 1024 * MIB);
        }
    }

    private final Bucket bucket;
    private final UploadSessions uploads;
    private final Rules rules;
    private final boolean verify;

    Completion(Bucket bucket, UploadSessions uploads, Rules rules, boolean verify) {
        this.bucket = bucket;
        this.uploads = uploads;
        this.rules = rules;
        this.verify = verify;
    }

    BlobInfo complete(PendingUpload upload, List<CompletedPart> parts, LongConsumer admit) {
        if (!upload.joined()) {
            Optional<Map<Integer, Bucket.Part>> listed = bucket.listParts(upload);
            if (listed.isEmpty()) {
                upload = adoptStaging(upload); // joined by a completion that stopped before it could record so
            } else {
                List<Bucket.Part> chosen = chosen(listed.get(), parts);
                long size = chosen.stream().mapToLong(Bucket.Part::size).sum();
                admit.accept(size); // the etags pin these bytes: the bucket joins exactly what was admitted
                Optional<BlobInfo> stored = stored(upload.digest(), size);
                if (stored.isPresent()) {
                    bucket.discard(upload, uploads, false);
                    return stored.get();
                }
                upload = join(upload, chosen);
            }
        } else {
            Optional<BlobInfo> stored = stored(upload.digest(), upload.joinedSize());
            if (stored.isPresent()) { // an earlier completion published it and stopped before cleaning up
                bucket.discard(upload, uploads, false);
                return stored.get();
            }
        }
        long joined = System.nanoTime();
        if (verify) {
            verify(upload);
        }
        long verified = System.nanoTime();
        new ObjectCopy(bucket, rules).publish(upload, bucket.layout().blobKey(upload.digest()));
        bucket.discard(upload, uploads, false);
        log.info("upload {}: {} bytes verified in {} ms ({}), copied to {} in {} ms", upload.uploadId(),
                upload.joinedSize(), (verified - joined) / 1_000_000, verify ? "S3_VERIFY_DIGEST" : "not verified",
                upload.digest(), (System.nanoTime() - verified) / 1_000_000);
        return new BlobInfo(upload.digest(), upload.joinedSize());
    }

    /** The bucket's parts named by {@code parts}, in order, each checked against the etag given and the size rules. */
    private List<Bucket.Part> chosen(Map<Integer, Bucket.Part> listed, List<CompletedPart> parts) {
        List<Bucket.Part> chosen = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        for (CompletedPart part : parts) {
            Bucket.Part stored = listed.get(part.partNumber());
            if (stored == null || !stored.etag().equals(Bucket.unquoted(part.etag()))) {
                missing.add(part.partNumber());
            } else {
                chosen.add(stored);
            }
        }
        if (!missing.isEmpty()) {
            throw missingParts("parts " + missing + " are not stored in the bucket with the etags given");
        }
        for (int i = 0; i < chosen.size(); i++) {
            Bucket.Part part = chosen.get(i);
            if (part.size() > rules.maxPartSize()) {
                throw new Failure(Failure.Kind.TOO_LARGE, "PartTooLarge", "part " + part.number() + " has " + part.size()
                        + " bytes, more than the " + rules.maxPartSize() + " this hold takes; send the blob in smaller parts");
            }
            if (i < chosen.size() - 1 && part.size() < rules.minPartSize()) {
                throw partTooSmall("part " + part.number() + " has " + part.size() + " bytes");
            }
        }
        return chosen;
    }

    private PendingUpload join(PendingUpload upload, List<Bucket.Part> parts) {
        List<software.amazon.awssdk.services.s3.model.CompletedPart> joined = parts.stream()
                .map(p -> software.amazon.awssdk.services.s3.model.CompletedPart.builder()
                        .partNumber(p.number()).eTag(Bucket.quoted(p.etag())).build())
                .toList();
        try {
            bucket.call("joining upload " + upload.uploadId(), s3 -> s3.completeMultipartUpload(r -> r.bucket(bucket.name())
                    .key(upload.location()).uploadId(upload.handle()).multipartUpload(m -> m.parts(joined))));
        } catch (Failure e) {
            String code = e.getCause() instanceof SdkException sdk ? BucketFailure.code(sdk) : "";
            switch (code) {
                case "InvalidPart" -> throw missingParts("the bucket finds parts missing or changed (" + code + ")");
                case "InvalidPartOrder" -> throw Failure.badRequest("InvalidPartOrder",
                        "the bucket refused the part order (" + code + "); list the parts in ascending partNumber order");
                case "EntityTooSmall" -> throw partTooSmall("the bucket refused a part as too small (" + code + ")");
                case "NoSuchUpload" -> {
                    return adoptStaging(upload);
                }
                default -> throw e;
            }
        }
        return recordJoined(upload, bucket.head(upload.location()).orElseThrow(() -> new Failure(Failure.Kind.UNAVAILABLE,
                "StorageUnavailable", "the bucket joined upload " + upload.uploadId() + " but does not show its object "
                + "yet; complete again shortly")));
    }

    /** The bucket has no multipart upload any more: its staging object is the joined parts, or the upload is gone. */
    private PendingUpload adoptStaging(PendingUpload upload) {
        Optional<HeadObjectResponse> staged = bucket.head(upload.location());
        if (staged.isEmpty()) {
            uploads.delete(upload.uploadId());
            throw UploadIds.notFound(upload.uploadId());
        }
        return recordJoined(upload, staged.get());
    }

    /** Records the joined object's size and ETag, as the bucket's {@code HeadObject} of the staging key gave them. */
    private PendingUpload recordJoined(PendingUpload upload, HeadObjectResponse head) {
        String etag = Bucket.unquoted(head.eTag());
        uploads.joined(upload.uploadId(), head.contentLength(), etag);
        return upload.joinedAs(head.contentLength(), etag);
    }

    /** Reads the staging object once; a digest that does not match discards the upload. */
    private void verify(PendingUpload upload) {
        MessageDigest sha256 = sha256();
        long size = 0;
        try (InputStream in = bucket.call("reading upload " + upload.uploadId() + " back", s3 -> s3.getObject(r -> r
                .bucket(bucket.name()).key(upload.location()).ifMatch(Bucket.quoted(upload.joinedEtag()))))) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
                size += n;
            }
        } catch (IOException | SdkException e) {
            throw new Failure(Failure.Kind.UNAVAILABLE, "StorageUnavailable", "reading upload " + upload.uploadId()
                    + " back from the bucket stopped (" + (e instanceof SdkException sdk ? BucketFailure.describe(sdk)
                    : BucketFailure.unreachable(e)) + "); complete again", e);
        }
        String digest = "sha256:" + HexFormat.of().formatHex(sha256.digest());
        if (!digest.equals(upload.digest()) || size != upload.joinedSize()) {
            bucket.discard(upload, uploads, false);
            throw Failure.badRequest("InvalidDigest", "the parts hash to " + digest + ", not " + upload.digest()
                    + "; nothing was stored and the upload is gone, so start a new one");
        }
    }

    private Optional<BlobInfo> stored(String digest, long size) {
        return bucket.head(bucket.layout().blobKey(digest)).filter(head -> head.contentLength() == size)
                .map(head -> new BlobInfo(digest, size));
    }

    private static Failure missingParts(String why) {
        return Failure.badRequest("MissingParts", why + "; PUT them to the URLs getPartUploadUrl answers, pass "
                + "the ETag each PUT answered, and complete again");
    }

    private Failure partTooSmall(String why) {
        return Failure.badRequest("PartTooSmall", why + "; every part but the last must have at least "
                + rules.minPartSize() + " bytes (5 MiB) in a bucket, so send the blob in larger parts");
    }

    private static MessageDigest sha256() {
        return Sha256.newDigest();
    }
}
