package io.atcr.hold.storage;

import java.io.InputStream;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A storage driver: where blobs live and how multipart uploads reach them. The XRPC methods speak only this
 * interface, so a driver backed by S3 (presigned part URLs, native multipart) can replace the filesystem one without
 * touching them.
 *
 * <p>Every method is safe to call from many threads at once. Failures of the storage itself (disk full, I/O errors)
 * are thrown as {@link io.atcr.hold.failure.Failure} with a 5xx status and leave no partial blob behind.
 */
public interface BlobStore {

    /** Starts an upload of the blob with this digest and answers its driver-specific id. */
    String createUpload(String digest, String initiatorDid);

    /** The upload's state, or empty when no such upload exists (never started, finished, aborted or cleaned up). */
    Optional<PendingUpload> findUpload(String uploadId);

    /**
     * Where the client sends one part: a URL that needs no token (signed by the hold, or presigned by S3), its
     * method, and headers the client must add. Valid until {@code expires}.
     */
    PartTarget partTarget(String uploadId, int partNumber, Instant expires);

    /**
     * Stores the bytes of one part, streaming; a part sent again replaces the earlier one. Only drivers whose part
     * URLs point at the hold receive parts this way.
     *
     * @param maxBytes the most this part may have; past it the part is refused while it streams
     * @return the part's etag, which {@link #complete} must be given back
     * @throws PartOverflow when more than {@code maxBytes} arrive; nothing of the part is kept
     */
    String writePart(String uploadId, int partNumber, InputStream bytes, long maxBytes);

    /** The bytes of stored parts of the uploads in progress that {@code initiatorDid} started (not parts streaming). */
    long partBytes(String initiatorDid);

    /** How many uploads {@code initiatorDid} has in progress. */
    int uploadsInProgress(String initiatorDid);

    /**
     * Joins the listed parts in order into the blob, checking its SHA-256 against the upload's digest, and makes the
     * blob visible only when it matches. The upload is gone afterwards, whatever the outcome but a missing part (or
     * another refusal before the join, which the caller may follow with {@link #abort}).
     *
     * @param admit called with the size of exactly the bytes about to be joined, once the driver knows it and before
     *              any of them can become visible; it throws to refuse (a quota), and then nothing is joined
     * @throws io.atcr.hold.failure.Failure 400 {@code MissingParts} when a listed part (or etag) is not stored,
     *                                         400 {@code InvalidDigest} when the bytes do not hash to the digest
     */
    BlobInfo complete(String uploadId, List<CompletedPart> parts, java.util.function.LongConsumer admit);

    /** Discards the upload and its parts; nothing happens when it does not exist. */
    void abort(String uploadId);

    /** The stored blob with this digest, if any. */
    Optional<BlobInfo> stat(String digest);

    /**
     * Opens the stored blob for reading; the caller positions the channel and closes it.
     *
     * @throws io.atcr.hold.failure.Failure 404 {@code BlobNotFound} when there is no such blob
     */
    SeekableByteChannel open(String digest);

    /** Removes uploads started before {@code startedBefore}; answers how many. */
    int removeUploadsStartedBefore(Instant startedBefore);

    /** Calls {@code each} for every stored blob, one at a time, without holding them all in memory. */
    void forEachBlob(Consumer<ListedBlob> each);

    /** Deletes the stored blob; answers whether it was there. Readers that opened it before may finish. */
    boolean delete(String digest);

    /**
     * Where a client fetches the blob's bytes itself, valid until {@code expires} or earlier (a presigned URL of the
     * bucket), or empty when the hold streams them. The blob is known to exist.
     */
    default Optional<URI> downloadUrl(String digest, Instant expires) {
        return Optional.empty();
    }

    /**
     * Probes the storage as {@code config check} does: answers what is wrong (each a line that says what to fix), or
     * nothing. Leaves nothing behind.
     */
    default List<String> check() {
        return List.of();
    }
}
