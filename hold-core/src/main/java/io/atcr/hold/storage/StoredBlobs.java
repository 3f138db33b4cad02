package io.atcr.hold.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code stored_blob} table, the truth about which blobs exist: each completed blob with who stored it and when it
 * was last stored again. A blob that no layer record references counts as its uploader's pending bytes, and becomes
 * garbage after a grace. Decisions about blobs (a push naming them, garbage collection deleting them) read rows here
 * under the database's write lock and never ask the storage, whose answers may take a network round trip; the
 * {@code blob_deletion} table lists blobs whose row is gone and whose object may not be yet. Every method works on the
 * caller's connection, inside the caller's transaction.
 */
public final class StoredBlobs {
    private StoredBlobs() {
    }

    /**
     * Records a completed blob at {@code at}: a confirmed row of it (a blob stored before) gets the new time and size
     * and answers true; otherwise the row is written unconfirmed (invisible to pushes) and the answer is false, and
     * the caller confirms it once it has seen the object. The uploader of an existing row stays.
     */
    static boolean record(Connection c, BlobInfo blob, String uploaderDid, Instant at) throws SQLException {
        boolean known = any(c, "SELECT 1 FROM stored_blob WHERE digest = ? AND confirmed = 1", blob.digest());
        try (PreparedStatement st = c.prepareStatement("INSERT INTO stored_blob (digest, size, uploader_did, stored_at, "
                + "confirmed) VALUES (?, ?, ?, ?, 0) ON CONFLICT (digest) DO UPDATE SET stored_at = excluded.stored_at, "
                + "size = excluded.size")) {
            st.setString(1, blob.digest());
            st.setLong(2, blob.size());
            st.setString(3, uploaderDid);
            st.setString(4, at.toString());
            st.executeUpdate();
        }
        return known;
    }

    static void confirm(Connection c, String digest) throws SQLException {
        run(c, "UPDATE stored_blob SET confirmed = 1 WHERE digest = ?", digest);
    }

    /** The bytes of blobs {@code did} stored that no layer record (of anyone) references yet. */
    static long unreferencedBytes(Connection c, String did) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT coalesce(sum(size), 0) FROM stored_blob b "
                + "WHERE uploader_did = ? AND NOT EXISTS (SELECT 1 FROM layer l WHERE l.digest = b.digest)")) {
            st.setString(1, did);
            try (ResultSet rs = st.executeQuery()) {
                return rs.getLong(1);
            }
        }
    }

    /** When the blob was last stored, when the hold recorded it (blobs from before the table have no row). */
    static Optional<Instant> storedAt(Connection c, String digest) throws SQLException {
        return one(c, "SELECT stored_at FROM stored_blob WHERE digest = ?", digest, rs -> Instant.parse(rs.getString(1)));
    }

    static boolean referenced(Connection c, String digest) throws SQLException {
        return any(c, "SELECT 1 FROM layer WHERE digest = ? LIMIT 1", digest);
    }

    /** Forgets an unconfirmed row while it is still the one recorded at {@code storedAt}. */
    static void forgetUnconfirmed(Connection c, String digest, Instant storedAt) throws SQLException {
        run(c, "DELETE FROM stored_blob WHERE digest = ? AND stored_at = ? AND confirmed = 0", digest, storedAt.toString());
    }

    static void forget(Connection c, String digest) throws SQLException {
        run(c, "DELETE FROM stored_blob WHERE digest = ?", digest);
    }

    /** The size of the stored blob with this digest, when it exists: the hold's truth, without asking the storage. */
    public static Optional<Long> size(Connection c, String digest) throws SQLException {
        return one(c, "SELECT size FROM stored_blob WHERE digest = ? AND confirmed = 1", digest, rs -> rs.getLong(1));
    }

    /** Records a blob stored before this table (its uploader unknown), so that pushes find it; nothing if known. */
    static void adopt(Connection c, BlobInfo blob, Instant storedAt) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT OR IGNORE INTO stored_blob (digest, size, uploader_did, "
                + "stored_at) VALUES (?, ?, '', ?)")) {
            st.setString(1, blob.digest());
            st.setLong(2, blob.size());
            st.setString(3, storedAt.toString());
            st.executeUpdate();
        }
    }

    /** Unreferenced blobs last stored before {@code before}, oldest first: garbage collection's candidates. */
    static java.util.List<BlobInfo> unreferencedBefore(Connection c, Instant before, int limit) throws SQLException {
        return list(c, "SELECT digest, size FROM stored_blob b WHERE stored_at < ? AND NOT EXISTS "
                + "(SELECT 1 FROM layer l WHERE l.digest = b.digest) ORDER BY stored_at LIMIT " + limit, before,
                rs -> new BlobInfo(rs.getString(1), rs.getLong(2)));
    }

    /** Whether garbage collection is deleting this blob: it has no row, and its object may still be there. */
    static boolean deleting(Connection c, String digest) throws SQLException {
        return any(c, "SELECT 1 FROM blob_deletion WHERE digest = ?", digest);
    }

    static void markDeleting(Connection c, String digest, Instant since) throws SQLException {
        run(c, "INSERT INTO blob_deletion (digest, since) VALUES (?, ?)", digest, since.toString());
    }

    static void deleted(Connection c, String digest) throws SQLException {
        run(c, "DELETE FROM blob_deletion WHERE digest = ?", digest);
    }

    private static boolean any(Connection c, String sql, String digest) throws SQLException {
        return one(c, sql, digest, rs -> Boolean.TRUE).isPresent();
    }

    /** The first row of a query by digest, read by {@code row}; empty when there is none. */
    private static <T> Optional<T> one(Connection c, String sql, String digest, Row<T> row) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, digest);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
            }
        }
    }

    private static void run(Connection c, String sql, String... values) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                st.setString(i + 1, values[i]);
            }
            st.executeUpdate();
        }
    }

    /** Deletions decided before {@code before} whose sweep stopped before finishing them. */
    static java.util.List<String> deletingSince(Connection c, Instant before) throws SQLException {
        return list(c, "SELECT digest FROM blob_deletion WHERE since < ?", before, rs -> rs.getString(1));
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> java.util.List<T> list(Connection c, String sql, Instant at, Row<T> row) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, at.toString());
            java.util.List<T> found = new java.util.ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    found.add(row.read(rs));
                }
            }
            return found;
        }
    }
}
