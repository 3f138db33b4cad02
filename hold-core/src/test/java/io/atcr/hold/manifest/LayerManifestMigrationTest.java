package io.atcr.hold.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.db.Database;
import io.atcr.hold.db.OldSchema;
import io.atcr.hold.quota.QuotaService;
import io.atcr.hold.quota.Usage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layer records written before they named their manifest (schema 5, the hold of issue 8) gain a {@code manifest}:
 * the hold never kept which manifest they came from, so they name their user's manifest collection.
 */
class LayerManifestMigrationTest {
    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";
    private static final String BOB = "did:web:bob.example.com";
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void everyOldLayerRecordGainsItsUsersManifestCollectionAndKeepsTheRest(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hold.db");
        try (Connection c = OldSchema.create(file, 5)) {
            insertOld(c, "3aaaaaaaaaaa2", ALICE, "app");
            insertOld(c, "3aaaaaaaaaaa3", BOB, "tools/cli");
            try (PreparedStatement st = c.prepareStatement("INSERT INTO user_usage VALUES (?, 1, 100)")) {
                st.setString(1, ALICE);
                st.executeUpdate();
            }
        }
        try (Database db = Database.open(file)) {
            List<LayerRecord> records = new LayerRecords(db).list(null, 10);
            assertEquals(List.of(
                    new LayerRecord("3aaaaaaaaaaa2", DIGEST, 100, ManifestNotice.LAYER_MEDIA_TYPE,
                            "at://" + ALICE + "/io.atcr.manifest", "app", ALICE, "2026-02-01T10:00:00Z"),
                    new LayerRecord("3aaaaaaaaaaa3", DIGEST, 100, ManifestNotice.LAYER_MEDIA_TYPE,
                            "at://" + BOB + "/io.atcr.manifest", "tools/cli", BOB, "2026-02-01T10:00:00Z")), records);
            assertEquals(new Usage(1, 100), db.read(c -> QuotaService.usage(c, ALICE)), "usage is kept");
        }
    }

    private static void insertOld(Connection c, String rkey, String did, String repository) throws Exception {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO layer (rkey, digest, size, media_type, repository, "
                + "user_did, created_at) VALUES (?, ?, 100, ?, ?, ?, '2026-02-01T10:00:00Z')")) {
            st.setString(1, rkey);
            st.setString(2, DIGEST);
            st.setString(3, ManifestNotice.LAYER_MEDIA_TYPE);
            st.setString(4, repository);
            st.setString(5, did);
            st.executeUpdate();
        }
    }
}
