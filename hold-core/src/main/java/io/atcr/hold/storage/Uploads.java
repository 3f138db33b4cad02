package io.atcr.hold.storage;

import io.atcr.hold.db.Database;
import io.atcr.hold.failure.Failure;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload methods, over any {@link BlobStore}: they check the input and who calls, and leave bytes to the driver.
 * An upload belongs to whoever started it; to anybody else it does not exist. Thread-safe.
 */
public final class Uploads {
    private static final Logger log = LoggerFactory.getLogger(Uploads.class);
    public static final int MAX_PARTS = 10_000;
    public static final Duration PART_URL_LIFETIME = Duration.ofHours(1);
    public static final Duration ABANDONED_AFTER = Duration.ofDays(1);
    /**
     * Uploads one member may have in progress. A registry client sends a few layers at a time; the cap keeps each of
     * the member's quota checks, which look at every upload of theirs (on S3 one bucket listing each), bounded.
     */
    public static final int MAX_UPLOADS_IN_PROGRESS = 100;

    private final BlobStore store;
    private final UploadSessions sessions;
    private final PartUrlSigner signer;
    private final Clock clock;
    private final Database db;
    private final UploadAllowance allowance;
    private final UploadGate gate;

    public Uploads(BlobStore store, UploadSessions sessions, PartUrlSigner signer, Clock clock, Database db,
                   UploadAllowance allowance) {
        this.store = store;
        this.sessions = sessions;
        this.signer = signer;
        this.clock = clock;
        this.db = db;
        this.allowance = allowance;
        this.gate = new UploadGate(UploadGate.WRITES_WAIT, clock);
    }

    public UploadAllowance allowance() {
        return allowance;
    }

    public BlobStore store() {
        return store;
    }

    /** {@code initiateUpload}: answers the new upload's id. */
    public String initiate(String callerDid, String digest) {
        requireDigest(digest);
        if (sessions.startedBy(callerDid).size() >= MAX_UPLOADS_IN_PROGRESS) {
            throw new Failure(Failure.Kind.TOO_MANY, "TooManyUploads", "you have " + MAX_UPLOADS_IN_PROGRESS + " uploads in progress, "
                    + "the most this hold keeps per member; complete or abort some (abandoned ones go after a day)");
        }
        allowance.requireRoom(callerDid);
        PendingUpload upload = store.openUpload(PendingUpload.starting(UploadIds.newId(), digest, callerDid, clock.instant()));
        try {
            sessions.insert(upload);
        } catch (RuntimeException e) {
            store.discard(upload); // the driver's place for bytes no session names
            throw e;
        }
        return upload.uploadId();
    }

    /** {@code getPartUploadUrl}: where to send part {@code partNumber}, valid for {@link #PART_URL_LIFETIME}. */
    public PartTarget partTarget(String callerDid, String uploadId, int partNumber) {
        requirePartNumber(partNumber);
        PendingUpload upload = owned(callerDid, uploadId);
        // Where parts go straight to a bucket this is the last point before bytes are stored: no room, no URL.
        allowance.requireRoom(callerDid);
        return store.partTarget(upload, partNumber, clock.instant().plus(PART_URL_LIFETIME));
    }

    /**
     * {@code uploadPart}: checks the part URL's signature and expiry, then stores the bytes within the uploader's
     * allowance ({@code declaredLength} negative when the request declares none). Answers the etag.
     *
     * @throws Failure 413 PartTooLarge, 403 QuotaExceeded (before or while streaming; nothing is kept)
     */
    public String uploadPart(String uploadId, int partNumber, long expires, String signature, InputStream bytes,
                             long declaredLength) {
        signer.verify(uploadId, partNumber, expires, signature, clock.instant());
        requirePartNumber(partNumber);
        try (UploadGate.Write write = gate.enterWrite(uploadId)) {
            PendingUpload upload = sessions.find(uploadId).orElseThrow(() -> UploadIds.notFound(uploadId));
            UploadAllowance.Reservation room = allowance.reservePart(upload.initiatorDid(), declaredLength);
            try (room) {
                return store.writePart(upload, partNumber, bytes, room.cap());
            } catch (PartOverflow e) {
                throw room.overflow();
            }
        }
    }

    /** Upstream's error name for a completion that failed in storage; the parts stay for a retry. */
    static final String COMPLETION_FAILED = "CompletionFailed";

    /**
     * {@code completeUpload}: joins the parts into the blob {@code digest}, which must be the upload's digest. Waits
     * for parts of the upload still streaming, and refuses parts that start meanwhile; concurrent and retried calls
     * share one join and its answer.
     */
    public BlobInfo complete(String callerDid, String uploadId, String digest, List<CompletedPart> parts) {
        requireDigest(digest);
        return gate.complete(uploadId, callerDid, () -> join(callerDid, uploadId, digest, parts),
                () -> sessions.find(uploadId).map(store::holds).orElse(false));
    }

    private BlobInfo join(String callerDid, String uploadId, String digest, List<CompletedPart> parts) {
        PendingUpload upload = owned(callerDid, uploadId);
        if (!upload.digest().equals(digest)) {
            throw Failure.badRequest("InvalidDigest", "upload " + uploadId + " was started for " + upload.digest()
                    + ", not " + digest + "; complete it with the digest given to initiateUpload");
        }
        if (parts.isEmpty() || parts.size() > MAX_PARTS) {
            throw Failure.badRequest("MissingParts", "list the uploaded parts (1 to " + MAX_PARTS + ") to join");
        }
        for (int i = 0; i < parts.size(); i++) {
            requirePartNumber(parts.get(i).partNumber());
            if (i > 0 && parts.get(i).partNumber() <= parts.get(i - 1).partNumber()) {
                throw Failure.badRequest("InvalidPartOrder", "list the parts in ascending partNumber order, each once");
            }
        }
        BlobInfo blob;
        try {
            blob = store.complete(upload, parts, size -> allowance.requireWithinLimit(callerDid, size));
        } catch (UploadAllowance.OverLimit refused) {
            end(upload); // the bytes are not kept: the caller frees room and uploads again
            throw refused.error();
        } catch (Failure e) {
            if (!store.holds(upload)) {
                sessions.delete(uploadId); // a final failure (the digest did not match): the upload is gone
            }
            // Upstream names every failure of the completion itself CompletionFailed; the status says retry (5xx).
            throw e.kind().holdSide() ? e.named(COMPLETION_FAILED) : e;
        }
        sessions.delete(uploadId);
        record(callerDid, blob);
        return blob;
    }

    /**
     * Records the blob as just stored, so that garbage collection leaves it for the grace. Decisions are rows, under
     * the database's write lock; the storage is asked only outside it. A new row is written unconfirmed (pushes do not
     * see it, sweeps leave it): once it stands no sweep can start deleting the digest, so the check of the object that
     * follows is conclusive. A sweep that decided the digest before may have deleted the object this upload joined;
     * then the row goes again and the upload is to be sent again (its bytes are gone), never recorded as stored.
     */
    private void record(String callerDid, BlobInfo blob) {
        Instant now = clock.instant();
        Row row = db.transaction(c -> StoredBlobs.deleting(c, blob.digest()) ? Row.BEING_DELETED
                : StoredBlobs.record(c, blob, callerDid, now) ? Row.CONFIRMED : Row.UNCONFIRMED);
        if (row == Row.BEING_DELETED) {
            throw collectedMeanwhile(blob);
        }
        if (row == Row.CONFIRMED) {
            return; // a confirmed row stood, so no sweep was deleting it: its object is there
        }
        boolean present;
        try {
            present = store.stat(blob.digest()).isPresent();
        } catch (RuntimeException e) {
            forgetUnconfirmed(blob, now);
            throw e;
        }
        if (!present) {
            forgetUnconfirmed(blob, now);
            throw collectedMeanwhile(blob);
        }
        db.transaction(c -> {
            StoredBlobs.confirm(c, blob.digest());
            return null;
        });
    }

    /** What writing a completed blob's row found. */
    private enum Row { BEING_DELETED, CONFIRMED, UNCONFIRMED }

    /** Only this upload's row: another upload of the digest that stored it anew since has a row of its own. */
    private void forgetUnconfirmed(BlobInfo blob, Instant storedAt) {
        db.transaction(c -> {
            StoredBlobs.forgetUnconfirmed(c, blob.digest(), storedAt);
            return null;
        });
    }

    private static Failure collectedMeanwhile(BlobInfo blob) {
        return new Failure(Failure.Kind.UNAVAILABLE, COMPLETION_FAILED, "blob " + blob.digest()
                + " was collected as garbage while this upload completed; upload it again");
    }

    /** {@code abortUpload}: discards the upload and its parts; 409 {@code UploadCompleting} while it is being completed. */
    public void abort(String callerDid, String uploadId) {
        PendingUpload upload = owned(callerDid, uploadId);
        // Kept apart from a completion like a part: an abort never deletes the files a join is reading.
        try (UploadGate.Write write = gate.enterWrite(uploadId)) {
            end(upload);
        }
    }

    /** Lets the upload go: its bytes first, then its session, so that no session ever names bytes that are gone. */
    private void end(PendingUpload upload) {
        store.discard(upload);
        sessions.delete(upload.uploadId());
    }

    /**
     * Removes uploads started more than {@link #ABANDONED_AFTER} ago, by the hold's clock, and what the driver keeps
     * for uploads no session names any more; answers how many.
     */
    public int removeAbandoned() {
        Instant before = clock.instant().minus(ABANDONED_AFTER);
        int removed = 0;
        for (PendingUpload upload : sessions.startedBefore(before)) {
            try {
                end(upload);
                removed++;
            } catch (Failure e) {
                log.warn("abandoned upload {} stays for the next sweep: {}", upload.uploadId(), e.getMessage());
            }
        }
        removed += store.removeLeftovers(before, id -> sessions.find(id).isPresent());
        if (removed > 0) {
            log.info("removed {} upload(s) abandoned for more than a day", removed);
        }
        return removed;
    }

    private PendingUpload owned(String callerDid, String uploadId) {
        return sessions.find(uploadId).filter(u -> callerDid.equals(u.initiatorDid()))
                .orElseThrow(() -> UploadIds.notFound(uploadId));
    }

    public static void requireDigest(String digest) {
        if (!Digests.valid(digest)) {
            throw Failure.badRequest("InvalidDigest", "'" + digest + "' is not a digest like sha256:<64 lowercase hex digits>");
        }
    }

    private static void requirePartNumber(int partNumber) {
        if (partNumber < 1 || partNumber > MAX_PARTS) {
            throw Failure.badRequest("InvalidPartNumber", "partNumber must be from 1 to " + MAX_PARTS + ", not " + partNumber);
        }
    }
}
