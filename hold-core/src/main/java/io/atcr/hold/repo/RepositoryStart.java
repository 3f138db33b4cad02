package io.atcr.hold.repo;

import io.atcr.hold.bluesky.BlueskyPresence;
import io.atcr.hold.crew.Captain;
import io.atcr.hold.crew.CrewStore;
import io.atcr.hold.db.Database;
import io.atcr.hold.manifest.LayerRecord;
import io.atcr.hold.manifest.LayerRecords;
import io.atcr.hold.stats.RepoStats;
import io.atcr.hold.stats.StatsStore;
import io.atcr.hold.tier.TierPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings the repository up to date at start, in one transaction: a hold that kept its records before it had a
 * repository writes them all (captain, crew, layers, stats) into its first commit; afterwards only a captain record
 * that the configuration changed (owner, public, successor, …) makes a commit. The firehose announces the hold's
 * identity and account the first time, and again when its handle changed.
 */
public final class RepositoryStart {
    private RepositoryStart() {
    }

    /** Every record the hold's tables say it keeps (captain, crew, layers, stats, its Bluesky presence), as puts. */
    static List<RecordOp> heldRecords(Connection c, Captain captain, TierPolicy tiers, BlueskyPresence bluesky)
            throws SQLException {
        List<RecordOp> ops = new ArrayList<>(startRecords(captain, bluesky));
        ops.removeIf(op -> op instanceof RecordOp.Delete);
        ops.addAll(CrewStore.records(c, tiers));
        for (LayerRecord layer : LayerRecords.all(c)) {
            ops.add(new RecordOp.Put(LayerRecord.COLLECTION, layer.rkey(), layer.value()));
        }
        for (RepoStats stats : StatsStore.all(c)) {
            ops.add(new RecordOp.Put(RepoStats.COLLECTION, stats.rkey(), stats.value()));
        }
        ops.addAll(BlueskyPresence.records(c));
        return ops;
    }

    /** What the configuration alone decides: the captain record, and the profile exactly while posts are on. */
    public static List<RecordOp> startRecords(Captain captain, BlueskyPresence bluesky) {
        return List.of(new RecordOp.Put(Captain.COLLECTION, Captain.RKEY, captain.recordValue()),
                bluesky.enabled() ? new RecordOp.Put(BlueskyPresence.PROFILE, "self", bluesky.profile())
                        : new RecordOp.Delete(BlueskyPresence.PROFILE, "self"));
    }

    /**
     * Commits what the start changed, or answers why it could not: a damaged repository is reported, not thrown, so
     * that {@code repo verify} can still open the hold and say everything that is wrong (serve refuses to start).
     */
    public static java.util.Optional<String> bringUpToDate(Database db, Repository repo, Events events, String handle,
                                                           Captain captain, TierPolicy tiers, BlueskyPresence bluesky) {
        try {
            commitStart(db, repo, events, handle, captain, tiers, bluesky);
            return java.util.Optional.empty();
        } catch (RepositoryDamaged e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** The first commit of a repository, with every record the tables hold; nothing when the repository exists. */
    public static void createIfMissing(Database db, Repository repo, Captain captain, TierPolicy tiers,
                                       BlueskyPresence bluesky) {
        db.transaction(c -> Repository.head(c).isEmpty() ? repo.commit(c, heldRecords(c, captain, tiers, bluesky)) : null);
    }

    private static void commitStart(Database db, Repository repo, Events events, String handle, Captain captain,
                                    TierPolicy tiers, BlueskyPresence bluesky) {
        db.transaction(c -> {
            events.announce(c, repo.did(), handle);
            List<RecordOp> ops = Repository.head(c).isEmpty() ? heldRecords(c, captain, tiers, bluesky)
                    : startRecords(captain, bluesky);
            return repo.commit(c, ops);
        });
    }
}
