package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.HoldProcess;
import io.atcr.hold.testing.TestHold;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database holds one hold: a public URL whose DID is not the one its records are signed for stops the start, and a
 * first start says which database and key it made.
 */
class OneHoldPerDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void aFirstStartNamesItsNewFilesAndAnotherPublicUrlLaterStopsTheStartNamingBothDids() throws Exception {
        try (HoldProcess hold = HoldProcess.start(dir, Map.of("HOLD_PUBLIC_URL", "https://one.example"))) {
            String log = hold.log();
            Path data = dir.resolve("data").toAbsolutePath();
            assertTrue(log.contains("first start of did:web:one.example") && log.contains(data.resolve("hold.db").toString())
                    && log.contains(data.resolve("signing.key").toString()), log);
            assertFalse(log.contains("will not index"), "a host name on the default port is indexed: " + log);
            assertEquals(0, hold.terminate(), hold.log());
        }
        TestHold.CommandResult same = TestHold.command(Map.of("HOLD_DATABASE_DIR", dir.resolve("data").toString(),
                "HOLD_PUBLIC_URL", "https://one.example"), "config", "check");
        assertEquals(0, same.code(), same.err());
        HoldProcess.Failed moved = HoldProcess.failToStart(dir, Map.of("HOLD_PUBLIC_URL", "https://two.example"));
        assertEquals(2, moved.code(), String.join("\n", moved.lines()));
        assertEquals(1, moved.lines().size(), String.join("\n", moved.lines()));
        String line = moved.lines().get(0);
        assertTrue(line.contains("HOLD_PUBLIC_URL") && line.contains("did:web:one.example")
                && line.contains("did:web:two.example"), line);
        TestHold.CommandResult check = TestHold.command(Map.of("HOLD_DATABASE_DIR", dir.resolve("data").toString(),
                "HOLD_PUBLIC_URL", "https://two.example"), "config", "check");
        assertEquals(2, check.code(), "config check agrees with serve: " + check.err());
    }

    @Test
    void aSigningKeyOthersMayReadIsUsedWithAWarning() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path key = data.resolve("signing.key");
        Files.writeString(key, "11".repeat(32));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        try (HoldProcess hold = HoldProcess.start(dir, Map.of())) {
            assertTrue(hold.log().contains(key.toAbsolutePath() + " is readable by others (mode rw-r--r--)"), hold.log());
            assertEquals(0, hold.terminate(), hold.log());
        }
    }
}
