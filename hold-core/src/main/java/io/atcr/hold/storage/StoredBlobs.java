package io.atcr.hold.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code stored_blob} table: each completed blob with who stored it and when it was last stored again. A blob
 * that no layer record references counts as its uploader's pending bytes, and becomes garbage after a grace. Every
 * method works on the caller's connection, inside the caller's transaction.
 */
final class StoredBlobs {
    private StoredBlobs() {
    }

    /** Records a completed blob, or refreshes {@code stored_at} of one stored before (its uploader stays). */
    static void record(Connection c, BlobInfo blob, String uploaderDid, Instant at) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO stored_blob (digest, size, uploader_did, stored_at) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (digest) DO UPDATE SET stored_at = excluded.stored_at")) {
            st.setString(1, blob.digest());
            st.setLong(2, blob.size());
            st.setString(3, uploaderDid);
            st.setString(4, at.toString());
            st.executeUpdate();
        }
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
        try (PreparedStatement st = c.prepareStatement("SELECT stored_at FROM stored_blob WHERE digest = ?")) {
            st.setString(1, digest);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(Instant.parse(rs.getString(1))) : Optional.empty();
            }
        }
    }

    static boolean referenced(Connection c, String digest) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM layer WHERE digest = ? LIMIT 1")) {
            st.setString(1, digest);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void forget(Connection c, String digest) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("DELETE FROM stored_blob WHERE digest = ?")) {
            st.setString(1, digest);
            st.executeUpdate();
        }
    }
}
