package io.atcr.hold.manifest;

import io.atcr.hold.bluesky.BlueskyPresence;
import io.atcr.hold.db.Database;
import io.atcr.hold.quota.QuotaService;
import io.atcr.hold.quota.Usage;
import io.atcr.hold.record.Tid;
import io.atcr.hold.repo.RecordOp;
import io.atcr.hold.repo.Repository;
import io.atcr.hold.stats.RepoStats;
import io.atcr.hold.stats.StatsStore;
import io.atcr.hold.storage.StoredBlobs;
import io.atcr.hold.storage.Uploads;
import io.atcr.hold.tier.ByteSize;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.failure.Failure;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code notifyManifest}: a push records one {@code io.atcr.hold.layer} record per blob of the manifest (its config
 * and its layers) and checks the pusher's quota in the same transaction, so that a refused push records nothing;
 * pushes and pulls both count in the repository's stats record. Thread-safe.
 */
public final class ManifestService {
    private final Database db;
    private final QuotaService quota;
    private final StatsStore stats;
    private final Repository repo;
    private final BlueskyPresence bluesky;
    private final Clock clock;
    private final Tid tid;

    public ManifestService(Database db, QuotaService quota, StatsStore stats, Repository repo, BlueskyPresence bluesky,
                           Clock clock) {
        this.db = db;
        this.quota = quota;
        this.stats = stats;
        this.repo = repo;
        this.bluesky = bluesky;
        this.clock = clock;
        this.tid = new Tid(clock);
    }

    /**
     * Applies a notice from {@code callerDid}; {@code callerMayRead} says whether errors may tell whether a blob is
     * stored and its size (only to those who may read blobs).
     *
     * @throws Failure 403 {@code UserMismatch} when the caller is not {@code userDid}; 403 {@code QuotaExceeded}
     *                       when the push would take the user past their tier's limit (nothing is recorded then);
     *                       400 when a blob is malformed or is not on this hold with that size
     */
    public ManifestNotice.Outcome notify(String callerDid, ManifestNotice notice, boolean callerMayRead) {
        if (!callerDid.equals(notice.userDid())) {
            throw Failure.forbidden("UserMismatch", "you are " + callerDid + " but the manifest names userDid "
                    + notice.userDid() + "; notify only for your own pushes");
        }
        Uploads.requireDigest(notice.manifestDigest());
        String operation = notice.operation().wire();
        if (notice.operation() == ManifestNotice.Operation.PULL) {
            db.transaction(c -> repo.commit(c, List.of(statsOp(
                    stats.count(c, notice.userDid(), notice.repository(), StatsStore.Count.PULL)))));
            return new ManifestNotice.Outcome(true, operation, true, 0, false, null);
        }
        Optional<Tier> tier = quota.tierOf(notice.userDid());
        // The blobs are checked by their rows under the database's write lock, which garbage collection takes to
        // decide one: a blob checked here stays until the records that name it are committed.
        return db.transaction(c -> {
            List<RecordOp> ops = record(c, notice, checkedBlobs(c, notice, callerMayRead), tier);
            int created = ops.size();
            ops.add(statsOp(stats.count(c, notice.userDid(), notice.repository(), StatsStore.Count.PUSH)));
            Optional<RecordOp.Put> post = bluesky.announce(c, notice.userDid(), notice.repository(), notice.tag());
            post.ifPresent(ops::add);
            repo.commit(c, ops); // the push's layer, stats and post records are one commit
            return new ManifestNotice.Outcome(true, operation, true, created, post.isPresent(),
                    post.map(p -> "at://" + repo.did() + "/" + p.path()).orElse(null));
        });
    }

    private static Map<String, ManifestNotice.Blob> checkedBlobs(Connection c, ManifestNotice notice, boolean callerMayRead)
            throws SQLException {
        Map<String, ManifestNotice.Blob> blobs = new LinkedHashMap<>();
        for (ManifestNotice.Blob blob : notice.blobs()) {
            Uploads.requireDigest(blob.digest());
            Optional<Long> stored = StoredBlobs.size(c, blob.digest());
            if (stored.isPresent() && stored.get() == blob.size()) {
                blobs.putIfAbsent(blob.digest(), blob);
            } else if (!callerMayRead) {
                throw Failure.badRequest("BlobNotFound", "no blob " + blob.digest() + " of " + blob.size()
                        + " bytes is stored on this hold; upload it before its manifest");
            } else if (stored.isEmpty()) {
                throw Failure.badRequest("BlobNotFound", "blob " + blob.digest()
                        + " is not on this hold; upload it before its manifest");
            } else {
                throw Failure.badRequest("SizeMismatch", "blob " + blob.digest() + " is " + stored.get()
                        + " bytes on this hold, not " + blob.size() + " as the manifest says");
            }
        }
        return blobs;
    }

    private static RecordOp statsOp(RepoStats record) {
        return new RecordOp.Put(RepoStats.COLLECTION, record.rkey(), record.value());
    }

    /** Records the push's new layer records, checking the quota; answers their repository ops. */
    private List<RecordOp> record(Connection c, ManifestNotice notice, Map<String, ManifestNotice.Blob> blobs,
                                  Optional<Tier> tier) throws SQLException {
        String did = notice.userDid();
        String manifest = notice.manifestUri();
        Usage before = QuotaService.usage(c, did);
        String now = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        List<RecordOp> created = new ArrayList<>();
        long added = 0;
        for (ManifestNotice.Blob blob : blobs.values()) {
            if (!LayerRecords.exists(c, manifest, blob.digest())) {
                LayerRecord record = new LayerRecord(tid.next(c), blob.digest(), blob.size(), blob.mediaType(),
                        manifest, notice.repository(), did, now);
                LayerRecords.insert(c, record);
                if (QuotaService.countBlob(c, did, blob.digest(), blob.size())) {
                    added += blob.size();
                }
                created.add(new RecordOp.Put(LayerRecord.COLLECTION, record.rkey(), record.value()));
            }
        }
        long after = before.totalSize() + added;
        // A user already over a lowered limit may still push blobs they already store: only growth is refused.
        if (tier.isPresent() && after > tier.get().quotaBytes() && added > 0) {
            long limit = tier.get().quotaBytes();
            throw Failure.forbidden("QuotaExceeded", "this push would bring " + did + "'s storage to "
                    + after + " bytes (" + ByteSize.format(after) + "), over the " + limit
                    + " bytes (" + ByteSize.format(limit) + ") of tier " + tier.get().name() + "; current usage is "
                    + before.totalSize() + " bytes (" + ByteSize.format(before.totalSize())
                    + "). Nothing was recorded: remove images or move to a higher tier");
        }
        return created;
    }
}
