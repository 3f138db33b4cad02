package io.atcr.hold.storage.s3;

import io.atcr.hold.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code bucket_upload} table: the uploads in progress, shared by every hold on this database. */
final class BucketUploads {
    private static final String COLUMNS = "upload_id, digest, initiator_did, started_at, staging_key, multipart_id, "
            + "joined_size, joined_etag";

    private final Database db;

    BucketUploads(Database db) {
        this.db = db;
    }

    void insert(BucketUpload upload) {
        db.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO bucket_upload (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)")) {
                st.setString(1, upload.uploadId());
                st.setString(2, upload.digest());
                st.setString(3, upload.initiatorDid());
                st.setString(4, upload.startedAt().toString());
                st.setString(5, upload.stagingKey());
                st.setString(6, upload.multipartId());
                return st.executeUpdate();
            }
        });
    }

    Optional<BucketUpload> find(String uploadId) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM bucket_upload WHERE upload_id = ?")) {
                st.setString(1, uploadId);
                List<BucketUpload> rows = rows(st);
                return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
            }
        });
    }

    List<BucketUpload> startedBy(String initiatorDid) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM bucket_upload WHERE initiator_did = ?")) {
                st.setString(1, initiatorDid);
                return rows(st);
            }
        });
    }

    List<BucketUpload> startedBefore(Instant before) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM bucket_upload WHERE started_at < ?")) {
                st.setString(1, before.toString());
                return rows(st);
            }
        });
    }

    /** Records that the bucket joined the parts into the staging object of this size and ETag. */
    void joined(String uploadId, long size, String etag) {
        db.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE bucket_upload SET joined_size = ?, joined_etag = ? WHERE upload_id = ?")) {
                st.setLong(1, size);
                st.setString(2, etag);
                st.setString(3, uploadId);
                return st.executeUpdate();
            }
        });
    }

    void delete(String uploadId) {
        db.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM bucket_upload WHERE upload_id = ?")) {
                st.setString(1, uploadId);
                return st.executeUpdate();
            }
        });
    }

    private static List<BucketUpload> rows(PreparedStatement st) throws SQLException {
        List<BucketUpload> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                long size = rs.getLong(7);
                boolean joined = !rs.wasNull();
                out.add(new BucketUpload(rs.getString(1), rs.getString(2), rs.getString(3),
                        Instant.parse(rs.getString(4)), rs.getString(5), rs.getString(6), joined ? size : -1, rs.getString(8)));
            }
        }
        return out;
    }
}
