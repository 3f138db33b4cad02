package io.atcr.hold.repo;

import io.atcr.hold.db.Database;
import io.atcr.hold.record.Cid;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository as the sync methods hand it out: whole or since a rev as a streamed CAR, one record with its proof,
 * blocks by CID. Blocks are read from the database a page at a time between writes, so a slow reader holds neither a
 * connection nor more than a page of blocks in memory.
 */
public final class RepoExport {
    private static final int PAGE = 500;

    private final Database db;
    private final Repository repo;

    public RepoExport(Database db, Repository repo) {
        this.db = db;
        this.repo = repo;
    }

    public Repository.Head head() {
        return db.read(Repository::head).orElseThrow(() -> new IllegalStateException("the repository has no commit"));
    }

    /** The whole repository as of its head: the commit, every MST node, every record. */
    public void writeRepo(OutputStream out) throws IOException {
        Repository.Head head = head();
        Mst tree = repo.treeAt(head); // that commit's tree, even if another commit lands meanwhile
        try (Car car = new Car(out, head.commit())) {
            car.block(head.commit(), block(head.commit()));
            for (Map.Entry<Cid, byte[]> node : tree.blocks().entrySet()) {
                car.block(node.getKey(), node.getValue());
            }
            List<Cid> records = new ArrayList<>(PAGE);
            tree.forEach((key, cid) -> records.add(cid));
            for (int from = 0; from < records.size(); from += PAGE) {
                for (Map.Entry<Cid, byte[]> record : blocks(records.subList(from, Math.min(records.size(), from + PAGE))).entrySet()) {
                    car.block(record.getKey(), record.getValue());
                }
            }
        }
    }

    /** The blocks written by commits after {@code since} (a rev), up to the head, rooted at the head's commit. */
    public void writeSince(OutputStream out, String since) throws IOException {
        Repository.Head head = head();
        try (Car car = new Car(out, head.commit())) {
            String afterRev = since;
            String afterCid = null; // at first, nothing of the since rev itself
            while (true) {
                List<Object[]> page = sincePage(afterRev, afterCid, head.rev());
                for (Object[] row : page) {
                    car.block(Cid.parse((String) row[1]), (byte[]) row[2]);
                }
                if (page.size() < PAGE) {
                    return;
                }
                afterRev = (String) page.get(page.size() - 1)[0];
                afterCid = (String) page.get(page.size() - 1)[1];
            }
        }
    }

    private List<Object[]> sincePage(String afterRev, String afterCid, String headRev) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT rev, cid, bytes FROM repo_block "
                    + "WHERE (rev > ? OR (rev = ? AND cid > ?)) AND rev <= ? ORDER BY rev, cid LIMIT ?")) {
                st.setString(1, afterRev);
                st.setString(2, afterCid == null ? null : afterRev);
                st.setString(3, afterCid);
                st.setString(4, headRev);
                st.setInt(5, PAGE);
                List<Object[]> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getString(1), rs.getString(2), rs.getBytes(3)});
                    }
                }
                return rows;
            }
        });
    }

    /**
     * A CAR proving one record's presence (the commit, the MST path, the record) or its absence (the commit and the
     * path to where it would be).
     */
    public byte[] recordProof(String collection, String rkey) {
        return db.snapshot(c -> {
            Repository.Head head = Repository.head(c).orElseThrow();
            Mst tree = repo.tree(c);
            Map<Cid, byte[]> blocks = new LinkedHashMap<>();
            blocks.put(head.commit(), Repository.block(c, head.commit()).orElseThrow());
            blocks.putAll(MstProof.path(tree, collection + "/" + rkey));
            Optional<Cid> record = tree.get(collection + "/" + rkey);
            record.ifPresent(cid -> blocks.put(cid, Repository.block(c, cid).orElseThrow()));
            return Car.of(head.commit(), blocks);
        });
    }

    /** The blocks with these CIDs that the repository has, in their order; the caller compares to find those missing. */
    public Map<Cid, byte[]> blocks(List<Cid> cids) {
        Map<String, byte[]> found = new java.util.HashMap<>();
        for (int from = 0; from < cids.size(); from += PAGE) {
            List<Cid> page = cids.subList(from, Math.min(cids.size(), from + PAGE));
            db.read(c -> {
                try (PreparedStatement st = c.prepareStatement("SELECT cid, bytes FROM repo_block WHERE cid IN ("
                        + String.join(",", java.util.Collections.nCopies(page.size(), "?")) + ")")) {
                    for (int i = 0; i < page.size(); i++) {
                        st.setString(i + 1, page.get(i).toString());
                    }
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            found.put(rs.getString(1), rs.getBytes(2));
                        }
                    }
                }
                return null;
            });
        }
        Map<Cid, byte[]> out = new LinkedHashMap<>();
        for (Cid cid : cids) {
            byte[] bytes = found.get(cid.toString());
            if (bytes != null) {
                out.put(cid, bytes);
            }
        }
        return out;
    }

    private byte[] block(Cid cid) {
        return db.read(c -> Repository.block(c, cid)).orElseThrow();
    }
}
