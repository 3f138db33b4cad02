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

    /**
     * Makes room for a new upload's bytes, before the hold records it in {@link UploadSessions}: answers the upload
     * with the driver's {@code location} and {@code handle} set, when it has any (S3: a multipart upload).
     */
    PendingUpload openUpload(PendingUpload upload);

    /**
     * Where the client sends one part: a URL that needs no token (signed by the hold, or presigned by S3), its
     * method, and headers the client must add. Valid until {@code expires}.
     */
    PartTarget partTarget(PendingUpload upload, int partNumber, Instant expires);

    /**
     * Stores the bytes of one part, streaming; a part sent again replaces the earlier one. Only drivers whose part
     * URLs point at the hold receive parts this way.
     *
     * @param maxBytes the most this part may have; past it the part is refused while it streams
     * @return the part's etag, which {@link #complete} must be given back
     * @throws PartOverflow when more than {@code maxBytes} arrive; nothing of the part is kept
     */
    String writePart(PendingUpload upload, int partNumber, InputStream bytes, long maxBytes);

    /** The bytes of the upload's stored parts (not parts streaming now). */
    long partBytes(PendingUpload upload);

    /**
     * Joins the listed parts in order into the blob, checking its SHA-256 against the upload's digest, and makes the
     * blob visible only when it matches. Afterwards the driver no longer {@link #holds} the upload, whatever the
     * outcome but a missing part (or another refusal before the join, which the caller may follow with
     * {@link #discard}).
     *
     * @param admit called with the size of exactly the bytes about to be joined, once the driver knows it and before
     *              any of them can become visible; it throws to refuse (a quota), and then nothing is joined
     * @throws io.atcr.hold.failure.Failure {@code MissingParts} when a listed part (or etag) is not stored,
     *                                      {@code InvalidDigest} when the bytes do not hash to the digest
     */
    BlobInfo complete(PendingUpload upload, List<CompletedPart> parts, java.util.function.LongConsumer admit);

    /** Whether the driver still holds the upload's parts: false once a completion or a discard let them go. */
    boolean holds(PendingUpload upload);

    /** Lets go of the upload's parts; nothing happens when it has none. */
    void discard(PendingUpload upload);

    /**
     * Removes what the driver keeps for uploads that {@code inProgress} does not know (starts and completions that
     * stopped half-way) and that are older than {@code before}; answers how many things it removed.
     */
    int removeLeftovers(Instant before, java.util.function.Predicate<String> inProgress);

    /** The stored blob with this digest, if any. */
    Optional<BlobInfo> stat(String digest);

    /**
     * Opens the stored blob for reading; the caller positions the channel and closes it.
     *
     * @throws io.atcr.hold.failure.Failure 404 {@code BlobNotFound} when there is no such blob
     */
    SeekableByteChannel open(String digest);

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
