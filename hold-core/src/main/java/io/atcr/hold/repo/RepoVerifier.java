package io.atcr.hold.repo;

import io.atcr.hold.bluesky.BlueskyPresence;
import io.atcr.hold.crew.Captain;
import io.atcr.hold.db.Database;
import io.atcr.hold.identity.Multikey;
import io.atcr.hold.record.Cid;
import io.atcr.hold.record.DagCbor;
import io.atcr.hold.tier.TierPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code repo verify}: walks the stored repository from its head, as a reader who trusts nothing would: the commit
 * block and its signature by the hold's key, the MST's blocks, order and shape, every record block against its CID,
 * and the records against the hold's own state (the database tables), so a crash between a change and its commit
 * would show. Reads one snapshot.
 */
public final class RepoVerifier {
    /** What the walk found: its counts and every problem (none means verified). */
    public record Report(String rev, int records, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private RepoVerifier() {
    }

    public static Report verify(Database db, String did, Multikey key, Captain captain, TierPolicy tiers,
                                BlueskyPresence bluesky) {
        return db.snapshot(c -> {
            List<String> problems = new ArrayList<>();
            Repository.Head head = Repository.head(c).orElse(null);
            if (head == null) {
                return new Report(null, 0, List.of("the repository has no commit"));
            }
            byte[] commitBlock = Repository.block(c, head.commit()).orElse(null);
            if (commitBlock == null || !head.commit().matches(commitBlock)) {
                return new Report(head.rev(), 0, List.of("the head commit " + head.commit() + " is missing or does not match its CID"));
            }
            checkCommit(commitBlock, did, key, head, problems);
            Mst tree;
            try {
                tree = Mst.load(head.data(), cid -> Repository.block(c, cid).orElse(null));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                return new Report(head.rev(), 0, problems);
            }
            Map<String, Cid> stored = new TreeMap<>();
            tree.forEach((path, cid) -> {
                byte[] block = Repository.block(c, cid).orElse(null);
                if (block == null || !cid.matches(block)) {
                    problems.add("the record " + path + " is missing or does not match its CID " + cid);
                }
                stored.put(path, cid);
            });
            Map<String, Cid> expected = expected(c, captain, tiers, bluesky);
            for (Map.Entry<String, Cid> entry : expected.entrySet()) {
                Cid actual = stored.get(entry.getKey());
                if (actual == null) {
                    problems.add("the hold keeps " + entry.getKey() + " but the repository has no such record");
                } else if (!actual.equals(entry.getValue())) {
                    problems.add("the repository's " + entry.getKey() + " differs from the hold's record");
                }
            }
            stored.keySet().stream().filter(path -> !expected.containsKey(path))
                    .forEach(path -> problems.add("the repository has " + path + ", which the hold does not keep"));
            return new Report(head.rev(), stored.size(), problems);
        });
    }

    private static void checkCommit(byte[] block, String did, Multikey key, Repository.Head head, List<String> problems) {
        if (!(DagCbor.decode(block) instanceof Map<?, ?> commit)) {
            problems.add("the head commit is not a map");
            return;
        }
        if (!did.equals(commit.get("did")) || !Long.valueOf(3).equals(commit.get("version"))
                || !head.data().equals(commit.get("data")) || !head.rev().equals(commit.get("rev"))
                || !commit.containsKey("prev") || commit.get("prev") != null) {
            problems.add("the head commit's did, version, data, rev or prev is not what the hold recorded");
        }
        if (!Repository.signedBy(commit, key)) {
            problems.add("the head commit's signature does not verify with the hold's key");
        }
    }

    /** Every record the hold's tables say it keeps, by MST key, with the CID its value has. */
    private static Map<String, Cid> expected(java.sql.Connection c, Captain captain, TierPolicy tiers,
                                             BlueskyPresence bluesky) throws java.sql.SQLException {
        Map<String, Cid> out = new TreeMap<>();
        for (RecordOp op : RepositoryStart.heldRecords(c, captain, tiers, bluesky)) {
            out.put(op.path(), Cid.ofDagCbor(DagCbor.encode(((RecordOp.Put) op).value())));
        }
        return out;
    }
}
