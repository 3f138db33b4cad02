package io.atcr.hold.repo;

import io.atcr.hold.identity.HoldSigningKey;
import io.atcr.hold.record.Cid;
import io.atcr.hold.record.DagCbor;
import io.atcr.hold.record.Tid;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hold's signed ATProto repository (version 3), kept in the database: {@link #commit} applies record changes as
 * one signed commit inside the caller's transaction, so a change and its commit are durable together or not at all.
 * The current tree is kept in memory, its nodes read from their blocks as they are first needed, and taken from the
 * database's head again when another process (the command line) has committed since. Thread-safe: commits run under the database's write lock.
 */
public final class Repository {
    private final String did;
    private final HoldSigningKey key;
    private final Clock clock;
    private final Tid tid;
    /** Committed blocks, for tree nodes read on demand. */
    private final java.util.function.Function<Cid, byte[]> blocks;
    /** The last states seen or committed; a commit's state becomes current once the database shows its head. */
    private volatile State known;
    private volatile State committed;

    /** A tree and the commit it belongs to (null for the empty repository before its first commit). */
    private record State(Head head, Mst tree) {
    }

    /** The repository's latest commit: its CID, rev and MST root. */
    public record Head(Cid commit, String rev, Cid data) {
    }

    public Repository(String did, HoldSigningKey key, Clock clock, io.atcr.hold.db.Database db) {
        this.did = did;
        this.key = key;
        this.clock = clock;
        this.blocks = cid -> db.readAside(c -> block(c, cid)).orElse(null);
        this.tid = new Tid(clock);
        this.known = new State(null, Mst.empty());
    }

    public String did() {
        return did;
    }

    /** The latest commit as the transaction or read on {@code c} sees it. */
    public static Optional<Head> head(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT cid, rev, data FROM repo_commit ORDER BY rev DESC LIMIT 1");
             ResultSet rs = st.executeQuery()) {
            return rs.next() ? Optional.of(new Head(Cid.parse(rs.getString(1)), rs.getString(2), Cid.parse(rs.getString(3))))
                    : Optional.empty();
        }
    }

    /**
     * The tree of the latest commit {@code c} sees.
     *
     * @throws RepositoryDamaged when the stored tree does not read back
     */
    public Mst tree(Connection c) throws SQLException {
        return state(c).tree();
    }

    /** The tree of the commit {@code head}, its nodes read as they are needed (blocks are never deleted). */
    public Mst treeAt(Head head) {
        State seen = known;
        return head.equals(seen.head()) ? seen.tree() : Mst.stored(head.data(), blocks);
    }

    private State state(Connection c) throws SQLException {
        Head head = head(c).orElse(null);
        if (head == null) {
            return new State(null, Mst.empty());
        }
        State seen = known;
        if (java.util.Objects.equals(seen.head(), head)) {
            return seen;
        }
        State mine = committed;
        if (mine != null && mine.head().equals(head)) {
            mine.tree().markStored();
            known = mine;
            return mine;
        }
        // Only the nodes a lookup or change needs are read, as it needs them: a large repository opens at once.
        Mst loaded = Mst.stored(head.data(), blocks);
        State read = new State(head, loaded);
        known = read;
        return read;
    }

    /** A block of the repository by CID. */
    public static Optional<byte[]> block(Connection c, Cid cid) {
        try (PreparedStatement st = c.prepareStatement("SELECT bytes FROM repo_block WHERE cid = ?")) {
            st.setString(1, cid.toString());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new io.atcr.hold.db.DatabaseException("reading a repository block failed: " + e.getMessage(), e);
        }
    }

    /**
     * Applies {@code ops} as one signed commit in the caller's write transaction on {@code c}, and records its firehose
     * event there too. Ops that change nothing (a put of the same value, a delete of a missing record) are left out;
     * when none is left, nothing is committed.
     *
     * @return the head after the call
     */
    public Optional<Head> commit(Connection c, List<RecordOp> ops) throws SQLException {
        return commit(c, ops, Announce.COMMIT);
    }

    /** How the firehose learns of a commit. */
    public enum Announce {
        /** A {@code #commit} with the ops and the blocks that show them: every ordinary change. */
        COMMIT,
        /**
         * A {@code #sync} with the commit block alone: the repository's state jumped ({@code repo import}), and
         * consumers fetch it whole rather than apply a diff of unbounded size.
         */
        SYNC
    }

    /** {@link #commit(Connection, List)}, announced as {@code announce} says. */
    public Optional<Head> commit(Connection c, List<RecordOp> ops, Announce announce) throws SQLException {
        State before = state(c);
        Mst tree = before.tree();
        Map<Cid, byte[]> recordBlocks = new LinkedHashMap<>();
        List<Map<String, Object>> eventOps = new ArrayList<>();
        for (RecordOp op : ops) {
            Optional<Cid> previous = tree.get(op.path());
            if (op instanceof RecordOp.Put put) {
                byte[] block = DagCbor.encode(put.value());
                Cid cid = Cid.ofDagCbor(block);
                if (previous.isPresent() && previous.get().equals(cid)) {
                    continue;
                }
                recordBlocks.put(cid, block);
                tree = tree.put(op.path(), cid);
                eventOps.add(eventOp(previous.isPresent() ? "update" : "create", op.path(), cid, previous.orElse(null)));
            } else if (previous.isPresent()) {
                tree = tree.delete(op.path());
                eventOps.add(eventOp("delete", op.path(), null, previous.get()));
            }
        }
        if (eventOps.isEmpty()) {
            return Optional.ofNullable(before.head());
        }
        String rev = tid.next(c);
        Map<String, Object> commit = new LinkedHashMap<>();
        commit.put("did", did);
        commit.put("version", 3L);
        commit.put("data", tree.root());
        commit.put("rev", rev);
        commit.put("prev", null);
        commit.put("sig", key.sign(DagCbor.encode(commit)));
        byte[] commitBlock = DagCbor.encode(commit);
        Cid commitCid = Cid.ofDagCbor(commitBlock);

        Map<Cid, byte[]> written = new LinkedHashMap<>();
        written.put(commitCid, commitBlock);
        written.putAll(tree.unstoredBlocks());
        written.putAll(recordBlocks);
        writeBlocks(c, written, rev);
        Head head = new Head(commitCid, rev, tree.root());
        writeCommit(c, head);
        if (announce == Announce.SYNC) {
            writeSync(c, head, commitBlock);
        } else {
            writeEvent(c, before, head, written, eventOps);
        }
        committed = new State(head, tree);
        return Optional.of(head);
    }

    /**
     * Whether a decoded commit's {@code sig} is {@code key}'s signature of the commit without it: the DAG-CBOR of the
     * other fields, as {@link #commit} signs them.
     */
    static boolean signedBy(Map<?, ?> commit, io.atcr.hold.identity.Multikey key) {
        Map<String, Object> unsigned = new LinkedHashMap<>();
        commit.forEach((k, v) -> {
            if (!"sig".equals(k)) {
                unsigned.put((String) k, v);
            }
        });
        return commit.get("sig") instanceof byte[] sig
                && io.atcr.hold.identity.Signatures.verify(key, DagCbor.encode(unsigned), sig);
    }

    private static Map<String, Object> eventOp(String action, String path, Cid cid, Cid prev) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("action", action);
        op.put("path", path);
        op.put("cid", cid);
        if (prev != null) {
            op.put("prev", prev);
        }
        return op;
    }

    private static void writeBlocks(Connection c, Map<Cid, byte[]> blocks, String rev) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT OR IGNORE INTO repo_block (cid, bytes, rev) VALUES (?, ?, ?)")) {
            for (Map.Entry<Cid, byte[]> block : blocks.entrySet()) {
                st.setString(1, block.getKey().toString());
                st.setBytes(2, block.getValue());
                st.setString(3, rev);
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private void writeCommit(Connection c, Head head) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO repo_commit (rev, cid, data, committed_at) VALUES (?, ?, ?, ?)")) {
            st.setString(1, head.rev());
            st.setString(2, head.commit().toString());
            st.setString(3, head.data().toString());
            st.setString(4, now());
            st.executeUpdate();
        }
    }

    /** The {@code #commit} event, without its {@code seq} (the row's), as the firehose sends it. */
    private void writeEvent(Connection c, State before, Head head, Map<Cid, byte[]> blocks,
                            List<Map<String, Object>> ops) throws SQLException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("repo", did);
        body.put("rev", head.rev());
        body.put("since", before.head() == null ? null : before.head().rev());
        body.put("commit", head.commit());
        body.put("blocks", Car.of(head.commit(), blocks));
        body.put("ops", ops);
        if (before.head() != null) {
            body.put("prevData", before.head().data()); // left out, never null, before the first commit (lexicon)
        }
        String at = now();
        body.put("time", at);
        body.put("tooBig", false);
        body.put("rebase", false);
        body.put("blobs", List.of());
        Events.insert(c, "#commit", body, at);
    }

    /** The {@code #sync} event: the repository is now at this commit, whatever came before. */
    private void writeSync(Connection c, Head head, byte[] commitBlock) throws SQLException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("did", did);
        body.put("blocks", Car.of(head.commit(), Map.of(head.commit(), commitBlock)));
        body.put("rev", head.rev());
        String at = now();
        body.put("time", at);
        Events.insert(c, "#sync", body, at);
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
