package io.atcr.hold.userdata;

import io.atcr.hold.bluesky.BlueskyPresence;
import io.atcr.hold.crew.Captain;
import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.crew.CrewStore;
import io.atcr.hold.db.Database;
import io.atcr.hold.db.DatabaseException;
import io.atcr.hold.manifest.LayerRecord;
import io.atcr.hold.manifest.LayerRecords;
import io.atcr.hold.quota.QuotaService;
import io.atcr.hold.repo.RecordOp;
import io.atcr.hold.repo.Repository;
import io.atcr.hold.stats.RepoStats;
import io.atcr.hold.stats.StatsStore;
import io.atcr.hold.failure.Failure;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A user's data on this hold, as upstream's {@code exportUserData} and {@code deleteUserData} see it: their crew
 * record, the layer records they pushed and the stats records of their repositories. Blobs are not user data here:
 * they may be shared with other users, and garbage collection deletes those no record names any more.
 */
public final class UserData {
    private final Database db;
    private final Captain captain;
    private final CrewStore crew;
    private final LayerRecords layers;
    private final StatsStore stats;
    private final Repository repo;
    private final Clock clock;

    public UserData(Database db, Captain captain, CrewStore crew, LayerRecords layers, StatsStore stats, Repository repo,
                    Clock clock) {
        this.db = db;
        this.captain = captain;
        this.crew = crew;
        this.layers = layers;
        this.stats = stats;
        this.repo = repo;
        this.clock = clock;
    }

    /**
     * Everything that names {@code did} but their layer records, which {@link #layerPages} reads page by page (a user
     * may have many more than fit in memory at once).
     */
    public record Export(Instant exportedAt, String userDid, boolean captain, Optional<CrewMember> crew,
                         List<RepoStats> stats, List<BlueskyPresence.Post> posts) {
    }

    /** How many layer records {@link #layerPages} reads at a time. */
    public static final int LAYER_PAGE = 500;

    /** What {@link #delete} removed. */
    public record Deletion(boolean crewDeleted, int layersDeleted, int statsDeleted) {
    }

    public Export export(String did) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return db.snapshot(c -> new Export(now, did, captain.isCaptain(did), crew.find(c, did), StatsStore.ofOwner(c, did),
                BlueskyPresence.mentioning(c, did)));
    }

    /**
     * Hands the user's layer records to {@code page}, {@link #LAYER_PAGE} at a time in key order, each page its own short
     * read: a slow reader of the export never holds the database. Records pushed meanwhile may or may not be included.
     */
    public void layerPages(String did, Consumer<List<LayerRecord>> page) {
        String after = null;
        List<LayerRecord> records;
        do {
            records = layers.ofUser(did, after, LAYER_PAGE);
            if (!records.isEmpty()) {
                page.accept(records);
                after = records.get(records.size() - 1).rkey();
            }
        } while (records.size() == LAYER_PAGE);
    }

    /**
     * Deletes the user's crew record (the captain keeps theirs), layer records, usage totals and stats records, in one
     * transaction: all of it or, when the database fails, none.
     *
     * @throws Failure 503 {@code DeletionFailed} when the database failed; nothing was deleted
     */
    public Deletion delete(String did) {
        try {
            return db.transaction(c -> {
                List<RecordOp> ops = new ArrayList<>();
                if (!captain.isCaptain(did)) {
                    crew.delete(c, did).ifPresent(ops::add);
                }
                boolean crewDeleted = !ops.isEmpty();
                List<String> layerKeys = LayerRecords.deleteUser(c, did);
                layerKeys.forEach(rkey -> ops.add(new RecordOp.Delete(LayerRecord.COLLECTION, rkey)));
                QuotaService.clearUsage(c, did);
                List<String> statsKeys = stats.deleteOwner(c, did);
                statsKeys.forEach(rkey -> ops.add(new RecordOp.Delete(RepoStats.COLLECTION, rkey)));
                repo.commit(c, ops); // all of it one commit
                return new Deletion(crewDeleted, layerKeys.size(), statsKeys.size());
            });
        } catch (DatabaseException e) {
            throw new Failure(Failure.Kind.UNAVAILABLE, "DeletionFailed", "the hold's database failed, so nothing was deleted; "
                    + "try again shortly", e);
        }
    }
}
