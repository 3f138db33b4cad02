package io.atcr.hold.stats;

import io.atcr.hold.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Stats records in the database ({@code repo_stats}), one row per (owner, repository). */
public final class StatsStore {
    private static final String COLUMNS = "rkey, owner_did, repository, push_count, pull_count, last_push, last_pull, updated_at";

    /** Which count a notice adds to. */
    public enum Count { PUSH, PULL }

    private final Database db;
    private final Clock clock;

    public StatsStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Adds one to the push or pull count of (owner, repository), creating the record, in the caller's write
     * transaction; answers the record as it now is.
     */
    public RepoStats count(Connection c, String ownerDid, String repository, Count count) throws SQLException {
        String now = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        String column = count == Count.PUSH ? "push" : "pull";
        try (PreparedStatement st = c.prepareStatement("INSERT INTO repo_stats (" + COLUMNS + ") "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rkey) DO UPDATE SET "
                + column + "_count = " + column + "_count + 1, last_" + column + " = excluded.updated_at, "
                + "updated_at = excluded.updated_at RETURNING " + COLUMNS)) {
            st.setString(1, StatsKey.of(ownerDid, repository));
            st.setString(2, ownerDid);
            st.setString(3, repository);
            st.setLong(4, count == Count.PUSH ? 1 : 0);
            st.setLong(5, count == Count.PULL ? 1 : 0);
            st.setString(6, count == Count.PUSH ? now : null);
            st.setString(7, count == Count.PULL ? now : null);
            st.setString(8, now);
            return rows(st).get(0); // the record as the upsert left it
        }
    }

    /** Every stats record, for the repository's first commit. */
    public static List<RepoStats> all(Connection c) throws SQLException {
        return select(c, "WHERE rkey > ? ORDER BY rkey LIMIT ?", "", Integer.MAX_VALUE);
    }

    /** Writes a stats record read from a repository backup, in the caller's transaction. */
    public static void restore(Connection c, RepoStats r) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO repo_stats (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, r.rkey());
            st.setString(2, r.ownerDid());
            st.setString(3, r.repository());
            st.setLong(4, r.pushCount());
            st.setLong(5, r.pullCount());
            st.setString(6, r.lastPush() == null ? null : r.lastPush().toString());
            st.setString(7, r.lastPull() == null ? null : r.lastPull().toString());
            st.setString(8, r.updatedAt().toString());
            st.executeUpdate();
        }
    }

    public Optional<RepoStats> find(String rkey) {
        return db.read(c -> select(c, "WHERE rkey = ? LIMIT ?", rkey, 1).stream().findFirst());
    }

    /** Records in key order after {@code afterRkey} (exclusive; all when null). */
    public List<RepoStats> list(String afterRkey, int limit) {
        return db.read(c -> select(c, "WHERE rkey > ? ORDER BY rkey LIMIT ?", afterRkey == null ? "" : afterRkey, limit));
    }

    /** The records of one owner's repositories, in key order, read in the caller's transaction. */
    public static List<RepoStats> ofOwner(Connection c, String ownerDid) throws SQLException {
        return select(c, "WHERE owner_did = ? ORDER BY rkey LIMIT ?", ownerDid, Integer.MAX_VALUE);
    }

    /** Deletes one owner's records in the caller's transaction; answers their record keys. */
    public List<String> deleteOwner(Connection c, String ownerDid) throws SQLException {
        List<String> rkeys = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("DELETE FROM repo_stats WHERE owner_did = ? RETURNING rkey")) {
            st.setString(1, ownerDid);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rkeys.add(rs.getString(1));
                }
            }
        }
        return rkeys;
    }

    /** {@code where} ends in {@code LIMIT ?}: its one key and the limit are bound. */
    private static List<RepoStats> select(Connection c, String where, String key, int limit) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM repo_stats " + where)) {
            st.setString(1, key);
            st.setInt(2, limit);
            return rows(st);
        }
    }

    private static List<RepoStats> rows(PreparedStatement st) throws SQLException {
        List<RepoStats> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.add(new RepoStats(rs.getString("rkey"), rs.getString("owner_did"), rs.getString("repository"),
                        rs.getLong("push_count"), rs.getLong("pull_count"), instant(rs.getString("last_push")),
                        instant(rs.getString("last_pull")), Instant.parse(rs.getString("updated_at"))));
            }
        }
        return out;
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
