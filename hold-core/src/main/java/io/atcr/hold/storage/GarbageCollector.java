package io.atcr.hold.storage;

import io.atcr.hold.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes blobs that no layer record references and that were last stored longer ago than the grace. Each blob is
 * decided and deleted under the database's write lock, which {@code notifyManifest} takes to check the blobs it
 * records and {@code completeUpload} takes to record a blob it stored: a push that races the sweep either records
 * before (the blob stays) or finds the blob gone (and is refused), never a record whose blob is gone.
 * Safe to run beside a serving hold, from another process too.
 */
public final class GarbageCollector {
    private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);

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

    /** One sweep over every stored blob. */
    public Report collect(boolean dryRun) {
        Instant before = clock.instant().minus(grace);
        List<BlobInfo> collected = new ArrayList<>();
        store.forEachBlob(blob -> {
            if (blob.modifiedAt().isBefore(before) && collect(blob, before, dryRun)) {
                collected.add(new BlobInfo(blob.digest(), blob.size()));
            }
        });
        long bytes = collected.stream().mapToLong(BlobInfo::size).sum();
        if (!dryRun && !collected.isEmpty()) {
            log.info("garbage collection deleted {} unreferenced blob(s), {} bytes", collected.size(), bytes);
        }
        return new Report(List.copyOf(collected), bytes, dryRun);
    }

    private boolean collect(ListedBlob blob, Instant before, boolean dryRun) {
        return db.transaction(c -> {
            Optional<Instant> storedAt = StoredBlobs.storedAt(c, blob.digest());
            if (StoredBlobs.referenced(c, blob.digest()) || storedAt.map(at -> !at.isBefore(before)).orElse(false)) {
                return false;
            }
            if (!dryRun) {
                StoredBlobs.forget(c, blob.digest());
                store.delete(blob.digest());
            }
            return true;
        });
    }
}
