package io.atcr.hold.storage.s3;

import io.atcr.hold.storage.UploadSessions;
import io.atcr.hold.config.S3Settings;
import io.atcr.hold.storage.BlobInfo;
import io.atcr.hold.storage.BlobStore;
import io.atcr.hold.storage.CompletedPart;
import io.atcr.hold.storage.ListedBlob;
import io.atcr.hold.storage.PartTarget;
import io.atcr.hold.storage.PendingUpload;
import io.atcr.hold.storage.UploadIds;
import io.atcr.hold.failure.Failure;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.presigner.model.PresignedUploadPartRequest;

/**
 * The S3 driver: blobs in a bucket, under {@link BucketLayout}'s keys. An upload is an S3 multipart upload at a
 * staging key, its state a row of {@code bucket_upload}; clients PUT parts straight to the bucket with presigned
 * {@code UploadPart} URLs, so no part byte passes through the hold. {@link Completion} turns the parts into a
 * verified blob. Downloads are presigned {@code GET}s, or streamed with {@code S3_PROXY_DOWNLOADS}. Thread-safe, and
 * safe beside other holds on the same database and bucket.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
    private final Bucket bucket;
    private final BucketClients clients;
    private final UploadSessions uploads;
    private final S3Settings settings;
    private final Clock clock;
    private final Completion.Rules rules;

    S3BlobStore(BucketClients clients, S3Settings settings, UploadSessions uploads, Clock clock, Completion.Rules rules) {
        this.clients = clients;
        this.bucket = new Bucket(clients.s3(), settings.bucket(), new BucketLayout(settings.prefix()));
        this.uploads = uploads;
        this.settings = settings;
        this.clock = clock;
        this.rules = rules;
    }

    @Override
    public PendingUpload openUpload(PendingUpload upload) {
        String key = bucket.layout().stagingKey(upload.uploadId());
        String multipartId = bucket.call("starting an upload", s3 -> s3.createMultipartUpload(r -> r
                .bucket(bucket.name()).key(key).contentType(Bucket.OCTET_STREAM)).uploadId());
        return upload.at(key, multipartId);
    }

    @Override
    public PartTarget partTarget(PendingUpload upload, int partNumber, Instant expires) {
        PresignedUploadPartRequest presigned = clients.presigner().presignUploadPart(r -> r
                .signatureDuration(lifetime(expires))
                .uploadPartRequest(part -> part.bucket(bucket.name()).key(upload.location())
                        .uploadId(upload.handle()).partNumber(partNumber)));
        Map<String, String> headers = new LinkedHashMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name, String.join(",", values));
            }
        });
        return new PartTarget(presigned.url().toString(), "PUT", headers);
    }

    /** The shorter of {@code S3_PRESIGN_TTL} and the time left until {@code expires}, at least a second. */
    private Duration lifetime(Instant expires) {
        Duration left = Duration.between(clock.instant(), expires);
        Duration ttl = left.compareTo(settings.presignTtl()) < 0 ? left : settings.presignTtl();
        return ttl.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : ttl;
    }

    @Override
    public String writePart(PendingUpload upload, int partNumber, InputStream bytes, long maxBytes) {
        throw Failure.badRequest("InvalidRequest", "this hold's parts go straight to its bucket: PUT each part "
                + "to the URL getPartUploadUrl answers");
    }

    @Override
    public long partBytes(PendingUpload upload) {
        return upload.joined() ? upload.joinedSize()
                : bucket.listParts(upload).map(parts -> parts.values().stream().mapToLong(Bucket.Part::size).sum()).orElse(0L);
    }

    @Override
    public BlobInfo complete(PendingUpload upload, List<CompletedPart> parts, LongConsumer admit) {
        return new Completion(bucket, uploads, rules, settings.verifyDigest()).complete(upload, parts, admit);
    }

    /** The completion's steps drop the session when they let the multipart upload go, so the session tells. */
    @Override
    public boolean holds(PendingUpload upload) {
        return uploads.find(upload.uploadId()).isPresent();
    }

    @Override
    public void discard(PendingUpload upload) {
        if (upload.handle() != null) {
            bucket.discard(upload, uploads, true);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String digest) {
        return bucket.head(bucket.layout().blobKey(digest)).map(head -> new BlobInfo(digest, head.contentLength()));
    }

    @Override
    public SeekableByteChannel open(String digest) {
        String key = bucket.layout().blobKey(digest);
        HeadObjectResponse head = bucket.head(key).orElseThrow(() ->
                Failure.notFound("BlobNotFound", "this hold has no blob " + digest));
        return new ObjectChannel(bucket, key, head.eTag(), head.contentLength());
    }

    @Override
    public int removeLeftovers(Instant before, java.util.function.Predicate<String> inProgress) {
        return new AbandonedUploads(bucket, inProgress).remove(before);
    }

    @Override
    public void forEachBlob(Consumer<ListedBlob> each) {
        bucket.forEachObject(bucket.layout().blobsPrefix(), object -> bucket.layout().digestOf(object.key())
                .ifPresent(digest -> each.accept(new ListedBlob(digest, object.size(), object.lastModified()))));
    }

    @Override
    public boolean delete(String digest) {
        String key = bucket.layout().blobKey(digest);
        if (bucket.head(key).isEmpty()) {
            return false;
        }
        bucket.call("deleting " + digest, s3 -> s3.deleteObject(r -> r.bucket(bucket.name()).key(key)));
        return true;
    }

    @Override
    public Optional<URI> downloadUrl(String digest, Instant expires) {
        if (settings.proxyDownloads()) {
            return Optional.empty();
        }
        String key = bucket.layout().blobKey(digest);
        return Optional.of(URI.create(clients.presigner().presignGetObject(r -> r.signatureDuration(lifetime(expires))
                .getObjectRequest(get -> get.bucket(bucket.name()).key(key))).url().toString()));
    }

    @Override
    public List<String> check() {
        return new BucketCheck(bucket, settings).problems();
    }

    @Override
    public void close() {
        clients.close();
    }
}
