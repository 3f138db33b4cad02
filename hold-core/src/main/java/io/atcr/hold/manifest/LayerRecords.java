package io.atcr.hold.manifest;

import io.atcr.hold.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Layer records in the database ({@code layer}), read by record key, by manifest and by user. */
public final class LayerRecords {
    private static final String SELECT = "SELECT rkey, digest, size, media_type, manifest, repository, user_did, "
            + "created_at FROM layer ";

    private final Database db;

    public LayerRecords(Database db) {
        this.db = db;
    }

    public Optional<LayerRecord> find(String rkey) {
        return db.read(c -> select(c, "WHERE rkey = ? LIMIT ?", rkey, 1).stream().findFirst());
    }

    /** Records in key order after {@code afterRkey} (exclusive; all when null). */
    public List<LayerRecord> list(String afterRkey, int limit) {
        return db.read(c -> select(c, "WHERE rkey > ? ORDER BY rkey LIMIT ?", afterRkey == null ? "" : afterRkey, limit));
    }

    /** The records of one manifest, in the order they were recorded. */
    public List<LayerRecord> ofManifest(String manifestUri) {
        return db.read(c -> select(c, "WHERE manifest = ? ORDER BY rkey LIMIT ?", manifestUri, Integer.MAX_VALUE));
    }

    /** Up to {@code limit} records one user pushed, in key order, after {@code afterRkey} (exclusive; from the start when null). */
    public List<LayerRecord> ofUser(String userDid, String afterRkey, int limit) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement(SELECT + "WHERE user_did = ? AND rkey > ? ORDER BY rkey LIMIT ?")) {
                st.setString(1, userDid);
                st.setString(2, afterRkey == null ? "" : afterRkey);
                st.setInt(3, limit);
                return rows(st);
            }
        });
    }

    static boolean exists(Connection c, String manifestUri, String digest) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM layer WHERE manifest = ? AND digest = ? LIMIT 1")) {
            st.setString(1, manifestUri);
            st.setString(2, digest);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Inserts a layer record's row in the caller's transaction (a push, or a restore from a backup). */
    public static void insert(Connection c, LayerRecord r) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO layer (rkey, digest, size, media_type, manifest, "
                + "repository, user_did, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, r.rkey());
            st.setString(2, r.digest());
            st.setLong(3, r.size());
            st.setString(4, r.mediaType());
            st.setString(5, r.manifest());
            st.setString(6, r.repository());
            st.setString(7, r.userDid());
            st.setString(8, r.createdAt());
            st.executeUpdate();
        }
    }

    /** Every layer record, in key order, for the repository's first commit. */
    public static List<LayerRecord> all(Connection c) throws SQLException {
        return select(c, "WHERE rkey > ? ORDER BY rkey LIMIT ?", "", Integer.MAX_VALUE);
    }

    /**
     * Deletes a user's layer records in the caller's transaction; answers their record keys. Their blobs stay:
     * garbage collection deletes those no record names any more, after its grace.
     */
    public static List<String> deleteUser(Connection c, String userDid) throws SQLException {
        List<String> rkeys = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("DELETE FROM layer WHERE user_did = ? RETURNING rkey")) {
            st.setString(1, userDid);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rkeys.add(rs.getString(1));
                }
            }
        }
        return rkeys;
    }

    /** {@code where} ends in {@code LIMIT ?}: its one key and the limit are bound. */
    private static List<LayerRecord> select(Connection c, String where, String key, int limit) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SELECT + where)) {
            st.setString(1, key);
            st.setInt(2, limit);
            return rows(st);
        }
    }

    private static List<LayerRecord> rows(PreparedStatement st) throws SQLException {
        List<LayerRecord> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.add(new LayerRecord(rs.getString("rkey"), rs.getString("digest"), rs.getLong("size"),
                        rs.getString("media_type"), rs.getString("manifest"), rs.getString("repository"),
                        rs.getString("user_did"), rs.getString("created_at")));
            }
        }
        return out;
    }
}
