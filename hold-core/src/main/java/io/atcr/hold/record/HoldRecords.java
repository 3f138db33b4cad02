package io.atcr.hold.record;

import io.atcr.hold.bluesky.BlueskyPresence;
import io.atcr.hold.crew.Captain;
import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.db.Database;
import io.atcr.hold.manifest.LayerRecord;
import io.atcr.hold.repo.Mst;
import io.atcr.hold.repo.Repository;
import io.atcr.hold.stats.RepoStats;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The hold's records as {@code com.atproto.repo.getRecord} and {@code listRecords} serve them: read from the signed
 * repository, each with the CID of its block. Read-only.
 */
public final class HoldRecords {
    public static final String CAPTAIN = Captain.COLLECTION;
    public static final String CREW = CrewMember.COLLECTION;
    public static final String LAYER = LayerRecord.COLLECTION;
    public static final String STATS = RepoStats.COLLECTION;
    private static final SortedSet<String> COLLECTIONS = new TreeSet<>(List.of(CAPTAIN, CREW, LAYER, STATS,
            BlueskyPresence.PROFILE, BlueskyPresence.POST));

    private final String holdDid;
    private final Database db;
    private final Repository repo;

    public HoldRecords(String holdDid, Database db, Repository repo) {
        this.holdDid = holdDid;
        this.db = db;
        this.repo = repo;
    }

    public boolean knows(String collection) {
        return COLLECTIONS.contains(collection);
    }

    /** The collections this hold keeps, in name order. */
    public SortedSet<String> collections() {
        return COLLECTIONS;
    }

    /** The collections that hold at least one record now, in name order, as {@code describeRepo} lists them. */
    public List<String> collectionsInUse() {
        return db.snapshot(c -> {
            Mst tree = repo.tree(c);
            return COLLECTIONS.stream().filter(collection -> !tree.range(collection + "/", null, 1).isEmpty()).toList();
        });
    }

    public Optional<RecordView> get(String collection, String rkey) {
        return db.snapshot(c -> repo.tree(c).get(collection + "/" + rkey)
                .map(cid -> view(collection, rkey, cid, Repository.block(c, cid).orElseThrow())));
    }

    /**
     * A page of the collection's records in the reference PDS's order: newest record key first, or oldest first when
     * {@code reverse}; {@code cursor} is the last key of the page before, and the page goes on from there.
     */
    public RecordPage list(String collection, int limit, String cursor, boolean reverse) {
        String prefix = collection + "/";
        return db.snapshot(c -> {
            Mst tree = repo.tree(c);
            String from = cursor == null ? null : prefix + cursor;
            List<Map.Entry<String, Cid>> entries = reverse ? tree.range(prefix, from, limit + 1)
                    : tree.rangeDescending(prefix, from, limit + 1);
            boolean more = entries.size() > limit;
            List<RecordView> views = entries.stream().limit(limit).map(e -> view(collection,
                    e.getKey().substring(prefix.length()), e.getValue(), Repository.block(c, e.getValue()).orElseThrow())).toList();
            // The cursor is the last record key given.
            return new RecordPage(more ? entries.get(limit - 1).getKey().substring(prefix.length()) : null, views);
        });
    }

    public String uri(String collection, String rkey) {
        return "at://" + holdDid + "/" + collection + "/" + rkey;
    }

    @SuppressWarnings("unchecked")
    private RecordView view(String collection, String rkey, Cid cid, byte[] block) {
        return new RecordView(uri(collection, rkey), cid.toString(), (Map<String, Object>) DagCbor.decode(block));
    }
}
