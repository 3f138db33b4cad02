package io.atcr.hold.storage;

import io.atcr.hold.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code upload_session} table: every upload in progress, whatever the driver, shared by every process on this
 * database. Who may touch an upload, how many a member has, and which are abandoned are read here; drivers keep only
 * the bytes. Thread-safe.
 */
public final class UploadSessions {
    private static final String COLUMNS = "upload_id, digest, initiator_did, started_at, location, handle, "
            + "joined_size, joined_etag";

    private final Database db;

    public UploadSessions(Database db) {
        this.db = db;
    }

    void insert(PendingUpload upload) {
        db.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO upload_session (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)")) {
                st.setString(1, upload.uploadId());
                st.setString(2, upload.digest());
                st.setString(3, upload.initiatorDid());
                st.setString(4, upload.startedAt().toString());
                st.setString(5, upload.location());
                st.setString(6, upload.handle());
                return st.executeUpdate();
            }
        });
    }

    /** The upload, when the id is well formed and the upload is in progress. */
    public Optional<PendingUpload> find(String uploadId) {
        if (!UploadIds.valid(uploadId)) {
            return Optional.empty();
        }
        List<PendingUpload> rows = select("WHERE upload_id = ?", uploadId);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    List<PendingUpload> startedBy(String initiatorDid) {
        return select("WHERE initiator_did = ?", initiatorDid);
    }

    List<PendingUpload> startedBefore(Instant before) {
        return select("WHERE started_at < ?", before.toString());
    }

    /** Records that the driver joined the upload's parts into bytes of this size and etag (a completion's checkpoint). */
    public void joined(String uploadId, long size, String etag) {
        db.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE upload_session SET joined_size = ?, joined_etag = ? WHERE upload_id = ?")) {
                st.setLong(1, size);
                st.setString(2, etag);
                st.setString(3, uploadId);
                return st.executeUpdate();
            }
        });
    }

    /** Forgets the upload; nothing happens when it is gone already. */
    public void delete(String uploadId) {
        db.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM upload_session WHERE upload_id = ?")) {
                st.setString(1, uploadId);
                return st.executeUpdate();
            }
        });
    }

    private List<PendingUpload> select(String where, String value) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM upload_session " + where)) {
                st.setString(1, value);
                return rows(st);
            }
        });
    }

    private static List<PendingUpload> rows(PreparedStatement st) throws SQLException {
        List<PendingUpload> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                long size = rs.getLong(7);
                boolean joined = !rs.wasNull();
                out.add(new PendingUpload(rs.getString(1), rs.getString(2), rs.getString(3),
                        Instant.parse(rs.getString(4)), rs.getString(5), rs.getString(6), joined ? size : -1, rs.getString(8)));
            }
        }
        return out;
    }
}
