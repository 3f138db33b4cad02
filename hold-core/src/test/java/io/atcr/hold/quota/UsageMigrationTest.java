package io.atcr.hold.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database from before the usage tables gets them filled from its layer records, each digest counted once. */
class UsageMigrationTest {
    @Test
    void existingLayerRecordsAreCountedOnUpgrade(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hold.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE layer (rkey TEXT PRIMARY KEY, digest TEXT NOT NULL, size INTEGER NOT NULL, "
                    + "media_type TEXT NOT NULL, repository TEXT NOT NULL, user_did TEXT NOT NULL, created_at TEXT NOT NULL)");
            st.execute("INSERT INTO layer VALUES ('a', 'sha256:1', 100, 'm', 'r1', 'did:plc:u', 't'), "
                    + "('b', 'sha256:1', 100, 'm', 'r2', 'did:plc:u', 't'), ('c', 'sha256:2', 5, 'm', 'r1', 'did:plc:u', 't'), "
                    + "('d', 'sha256:1', 100, 'm', 'r1', 'did:plc:v', 't')");
            st.execute("CREATE TABLE crew (member TEXT PRIMARY KEY, rkey TEXT NOT NULL UNIQUE, role TEXT NOT NULL, "
                    + "permissions TEXT NOT NULL, tier TEXT, plankowner INTEGER NOT NULL DEFAULT 0, added_at TEXT NOT NULL)");
            st.execute("CREATE TABLE billing_event (event_id TEXT PRIMARY KEY, type TEXT NOT NULL, applied_at TEXT NOT NULL)");
            st.execute("PRAGMA user_version = 1"); // as if step 1 (which made these tables) had run
        }
        try (Database db = Database.open(file)) {
            assertEquals(new Usage(2, 105), db.read(c -> QuotaService.usage(c, "did:plc:u")));
            assertEquals(new Usage(1, 100), db.read(c -> QuotaService.usage(c, "did:plc:v")));
            assertEquals(new Usage(0, 0), db.read(c -> QuotaService.usage(c, "did:plc:nobody")));
        }
    }

    @Test
    void aBlobIsCountedOncePerUser(@TempDir Path dir) {
        try (Database db = Database.open(dir.resolve("hold.db"))) {
            assertEquals(true, db.transaction(c -> QuotaService.countBlob(c, "did:plc:u", "sha256:1", 10)));
            assertEquals(false, db.transaction(c -> QuotaService.countBlob(c, "did:plc:u", "sha256:1", 10)));
            assertEquals(true, db.transaction(c -> QuotaService.countBlob(c, "did:plc:v", "sha256:1", 10)));
            assertEquals(new Usage(1, 10), db.read(c -> QuotaService.usage(c, "did:plc:u")));
        }
    }
}
