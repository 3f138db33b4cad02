package io.atcr.hold.storage;

import io.atcr.hold.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes blobs that no layer record references and that were last stored longer ago than the grace.
 *
 * <p>The {@code stored_blob} rows are the truth about which blobs exist, and every decision is made on them under the
 * database's write lock, which holds no storage call: a blob is decided by deleting its row and marking it as being
 * deleted ({@code blob_deletion}) in one transaction, its object is deleted after the commit, and the mark goes last.
 * So a push racing the sweep either recorded its layer first (the blob is referenced and stays) or finds no row (and
 * is refused); a completion of the same digest meanwhile is refused while the mark stands and checks afterwards that
 * its object survived. Of two sweeps at once (the hourly one and {@code gc}, or two {@code gc}s), exactly one decides
 * and reports each blob. Safe to run beside a serving hold, from another process too.
 */
public final class GarbageCollector {
    private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);
    /** Candidates decided per query; a sweep goes on until none are left. */
    private static final int BATCH = 500;
    /** A deletion mark this old was left by a sweep that stopped (a crash): the next sweep finishes it. */
    static final Duration STALLED_DELETION = Duration.ofHours(1);

    /** What a sweep deleted, or with {@code dryRun} would delete. */
    public record Report(List<BlobInfo> collected, long bytes, boolean dryRun) {
    }

    private final Database db;
    private final BlobStore store;
    private final Duration grace;
    private final Clock clock;

    public GarbageCollector(Database db, BlobStore store, Duration grace, Clock clock) {
        this.db = db;
        this.store = store;
        this.grace = grace;
        this.clock = clock;
    }

    /** One sweep: stalled deletions, then unreferenced rows past the grace, then objects the hold has no row for. */
    public Report collect(boolean dryRun) {
        Instant before = clock.instant().minus(grace);
        List<BlobInfo> collected = new ArrayList<>();
        if (!dryRun) {
            finishStalledDeletions();
        }
        collectRows(before, dryRun, collected);
        collectObjects(before, dryRun, collected);
        long bytes = collected.stream().mapToLong(BlobInfo::size).sum();
        if (!dryRun && !collected.isEmpty()) {
            log.info("garbage collection deleted {} unreferenced blob(s), {} bytes", collected.size(), bytes);
        }
        return new Report(List.copyOf(collected), bytes, dryRun);
    }

    private void collectRows(Instant before, boolean dryRun, List<BlobInfo> collected) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (true) {
            List<BlobInfo> candidates = db.read(c -> StoredBlobs.unreferencedBefore(c, before, BATCH + seen.size()));
            candidates.removeIf(blob -> seen.contains(blob.digest()));
            if (candidates.isEmpty()) {
                return;
            }
            for (BlobInfo blob : candidates) {
                seen.add(blob.digest());
                if (dryRun) {
                    collected.add(blob);
                } else if (decide(blob.digest(), before) && deleteOrLeaveMark(blob.digest()) != null) {
                    collected.add(blob);
                }
            }
        }
    }

    /** Under the write lock: the row is still there, unreferenced and old, so it goes and the blob is marked. */
    private boolean decide(String digest, Instant before) {
        return db.transaction(c -> {
            java.util.Optional<Instant> storedAt = StoredBlobs.storedAt(c, digest);
            if (storedAt.isEmpty() || !storedAt.get().isBefore(before) || StoredBlobs.referenced(c, digest)) {
                return false; // another sweep took it, a push named it, or an upload stored it again
            }
            StoredBlobs.forget(c, digest);
            StoredBlobs.markDeleting(c, digest, clock.instant());
            return true;
        });
    }

    /**
     * Objects without a row: blobs stored before the table (a referenced one is adopted so that pushes find it) and
     * objects whose row a stopped completion never wrote or a stopped sweep already removed. An unreferenced one past
     * the grace is deleted; a younger one may be a completion about to write its row, and stays.
     */
    private void collectObjects(Instant before, boolean dryRun, List<BlobInfo> collected) {
        store.forEachBlob(object -> {
            BlobInfo blob = new BlobInfo(object.digest(), object.size());
            boolean old = object.modifiedAt().isBefore(before);
            // Under the write lock: whether this sweep decides the object (an orphan) and marks it for deletion.
            boolean orphan = db.transaction(c -> {
                if (StoredBlobs.storedAt(c, blob.digest()).isPresent() || StoredBlobs.deleting(c, blob.digest())) {
                    return false;
                }
                if (StoredBlobs.referenced(c, blob.digest())) {
                    if (!dryRun) {
                        StoredBlobs.adopt(c, blob, object.modifiedAt());
                    }
                    return false;
                }
                if (!old) {
                    return false;
                }
                if (!dryRun) {
                    StoredBlobs.markDeleting(c, blob.digest(), clock.instant());
                }
                return true;
            });
            // Only the sweep whose delete found the object reports it: two sweeps never count one blob twice.
            if (orphan && (dryRun || Boolean.TRUE.equals(deleteOrLeaveMark(blob.digest())))) {
                collected.add(blob);
            }
        });
    }

    /**
     * For a blob this sweep decided: its object goes, then its mark. When the storage fails, the mark stays (the
     * digest is not stored, nor uploaded again, until a sweep finishes it) and the sweep goes on with the next blob.
     * Answers whether the object was there, or null when the storage failed.
     */
    private Boolean deleteOrLeaveMark(String digest) {
        try {
            return deleteObject(digest);
        } catch (io.atcr.hold.failure.Failure e) {
            log.warn("garbage collection could not delete {} ({}); a sweep finishes it after {}", digest,
                    e.getMessage(), STALLED_DELETION);
            return null;
        }
    }

    /** Deletes a decided blob's object, then its mark; answers whether the object was there. */
    private boolean deleteObject(String digest) {
        boolean deleted = store.delete(digest);
        db.transaction(c -> {
            StoredBlobs.deleted(c, digest);
            return null;
        });
        return deleted;
    }

    private void finishStalledDeletions() {
        Instant stalledBefore = clock.instant().minus(STALLED_DELETION);
        for (String digest : db.read(c -> StoredBlobs.deletingSince(c, stalledBefore))) {
            deleteObject(digest);
            log.info("garbage collection finished deleting {}, which a stopped sweep had decided", digest);
        }
    }
}
