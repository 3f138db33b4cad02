package io.atcr.hold.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A transaction commits whole or not at all, whatever it throws, and never leaves its connection inside it. */
class TransactionTest {
    private static void put(java.sql.Connection c, String key) throws java.sql.SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO hold_meta (key, value) VALUES (?, 'v')")) {
            st.setString(1, key);
            st.executeUpdate();
        }
    }

    private static int count(Database db) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM hold_meta WHERE key LIKE 'k%'");
                 ResultSet rs = st.executeQuery()) {
                return rs.getInt(1);
            }
        });
    }

    @Test
    void anErrorRollsBackAndLaterWritersAreNotLockedOut(@TempDir Path dir) {
        try (Database db = Database.open(dir.resolve("hold.db"))) {
            for (int i = 0; i < 6; i++) { // more than the pool has connections
                int n = i;
                assertThrows(AssertionError.class, () -> db.transaction(c -> {
                    put(c, "k-error-" + n);
                    throw new AssertionError("an Error, not an exception");
                }));
            }
            assertEquals(0, count(db), "nothing of the failed transactions stayed");
            db.transaction(c -> {
                put(c, "k-after");
                return null;
            });
            assertEquals(1, count(db), "a writer after them commits, without SQLITE_BUSY");
        }
    }

    @Test
    void aRuntimeExceptionRollsBackToo(@TempDir Path dir) {
        try (Database db = Database.open(dir.resolve("hold.db"))) {
            assertThrows(IllegalStateException.class, () -> db.transaction(c -> {
                put(c, "k-1");
                throw new IllegalStateException("no");
            }));
            assertEquals(0, count(db));
        }
    }
}
