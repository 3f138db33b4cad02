package io.atcr.hold.storage;

import io.atcr.hold.db.Database;
import io.atcr.hold.quota.QuotaService;
import io.atcr.hold.tier.ByteSize;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.failure.Failure;
import java.util.Optional;

/**
 * How many bytes an uploader may still send. Bytes count from the moment they are stored: a user's <em>pending</em>
 * bytes are the stored parts of their uploads in progress, the blobs they completed that no layer record references
 * yet, and the parts they are sending right now (reserved when a part starts: its declared length, or all the room
 * left when it declares none). Usage plus pending never passes the user's limit. Reservations of one user are taken
 * one at a time, so two parts at once cannot both take the last room. The captain and unlimited tiers only have the
 * part size limit. Thread-safe; reservations live in memory, stored bytes are counted afresh at each part.
 */
public final class UploadAllowance {
    private static final int STRIPES = 64;

    /** Room taken by one part while it streams; close it when the part is stored or refused. */
    public final class Reservation implements AutoCloseable {
        private final String did;
        private final long amount;
        private final boolean quotaBound;

        private Reservation(String did, long amount, boolean quotaBound) {
            this.did = did;
            this.amount = amount;
            this.quotaBound = quotaBound;
        }

        /** The most bytes the part may have. */
        public long cap() {
            return amount;
        }

        /** The refusal for a part that sent more than {@link #cap()}: the quota's, or the part size limit's. */
        Failure overflow() {
            if (!quotaBound) {
                return partTooLarge();
            }
            String why = "this part is larger than the " + amount + " bytes left";
            return quota.tierOf(did).map(tier -> quotaExceeded(did, standing(did, tier), why))
                    .orElseGet(() -> Failure.forbidden("QuotaExceeded", why + " when it started; nothing of it "
                            + "was kept, send it again"));
        }

        @Override
        public void close() {
            reserved.release(did, amount);
        }
    }

    private final Database db;
    private final QuotaService quota;
    private final BlobStore store;
    private final UploadSessions sessions;
    private final long maxPartSize;
    /** One user's check-then-reserve at a time; the reservations themselves are safe without them. */
    private final Object[] locks = new Object[STRIPES];
    private final Reservations reserved = new Reservations();

    public UploadAllowance(Database db, QuotaService quota, BlobStore store, UploadSessions sessions, long maxPartSize) {
        this.db = db;
        this.quota = quota;
        this.store = store;
        this.sessions = sessions;
        this.maxPartSize = maxPartSize;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** Where a user with a limit stands: their tier, the bytes their layer records count, and their pending bytes. */
    private record Standing(Tier tier, long used, long pending) {
        long room() {
            return tier.quotaBytes() - used - pending;
        }
    }

    /** For {@code initiateUpload}: refuses a user with no room left. @throws Failure 403 QuotaExceeded */
    void requireRoom(String did) {
        Optional<Tier> tier = quota.tierOf(did);
        if (tier.isPresent()) {
            Standing standing = standing(did, tier.get());
            if (standing.room() <= 0) {
                throw quotaExceeded(did, standing, "no room is left for another upload");
            }
        }
    }

    /** A completion refused for its size; the upload is to be discarded. */
    static final class OverLimit extends RuntimeException {
        private final Failure error;

        private OverLimit(Failure error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }

        Failure error() {
            return error;
        }
    }

    /**
     * For {@code completeUpload}, once the size to be joined is known: refuses when the user's usage and pending bytes
     * (which count this upload's stored parts) pass the limit. Parts the hold received were held to the room left as
     * they streamed, so this refuses them only after the tier went down meanwhile; parts PUT straight to a bucket are
     * held to the limit here.
     *
     * @throws OverLimit carrying 403 QuotaExceeded
     */
    void requireWithinLimit(String did, long size) {
        Optional<Tier> tier = quota.tierOf(did);
        if (tier.isPresent()) {
            Standing standing = standing(did, tier.get());
            if (standing.room() < 0) {
                throw new OverLimit(quotaExceeded(did, standing, "this blob of " + size + " bytes does not fit"));
            }
        }
    }

    /**
     * Reserves room for a part of {@code declaredLength} bytes (negative: not declared) from {@code did}.
     *
     * @throws Failure 413 PartTooLarge over the part size limit, 403 QuotaExceeded over the room left
     */
    Reservation reservePart(String did, long declaredLength) {
        if (declaredLength > maxPartSize) {
            throw partTooLarge();
        }
        Optional<Tier> tier = quota.tierOf(did);
        if (tier.isEmpty()) {
            return new Reservation(did, declaredLength >= 0 ? declaredLength : maxPartSize, false);
        }
        synchronized (lock(did)) {
            Standing standing = standing(did, tier.get());
            long room = Math.max(0, standing.room());
            if (declaredLength > room) {
                throw quotaExceeded(did, standing, "this part of " + declaredLength + " bytes is larger than the "
                        + room + " bytes left");
            }
            long amount = declaredLength >= 0 ? declaredLength : Math.min(room, maxPartSize);
            reserved.take(did, amount);
            return new Reservation(did, amount, declaredLength < 0 && room < maxPartSize);
        }
    }

    /** The user's pending bytes: stored parts, unreferenced completed blobs, and parts streaming now. */
    public long pending(String did) {
        long streaming = reserved.of(did);
        long stored = sessions.startedBy(did).stream().mapToLong(store::partBytes).sum();
        return db.read(c -> StoredBlobs.unreferencedBytes(c, did)) + stored + streaming;
    }

    private Standing standing(String did, Tier tier) {
        return new Standing(tier, quota.usage(did).totalSize(), pending(did));
    }

    private Object lock(String did) {
        return locks[Math.floorMod(did.hashCode(), STRIPES)];
    }

    private Failure partTooLarge() {
        return new Failure(Failure.Kind.TOO_LARGE, "PartTooLarge", "a part may have at most " + maxPartSize + " bytes ("
                + ByteSize.format(maxPartSize) + ") on this hold; send the blob in more, smaller parts");
    }

    private static Failure quotaExceeded(String did, Standing standing, String why) {
        Tier tier = standing.tier();
        return Failure.forbidden("QuotaExceeded", why + ": " + did + " stores " + standing.used()
                + " bytes and has " + standing.pending() + " bytes pending (uploads in progress and blobs no manifest "
                + "names yet), against a limit of " + tier.quotaBytes() + " bytes (" + ByteSize.format(tier.quotaBytes())
                + ") of tier " + tier.name() + ". Nothing of it was kept: abort unfinished uploads, remove "
                + "images, or move to a higher tier");
    }
}
