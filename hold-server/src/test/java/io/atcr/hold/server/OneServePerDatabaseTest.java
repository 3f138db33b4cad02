package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.HoldProcess;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One serving process per HOLD_DATABASE_DIR: a second serve exits 2 naming the first; a crash leaves no stuck lock. */
class OneServePerDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void aSecondServeOnTheSameDatabaseExits2NamingTheFirstWhileCommandsStillWork() throws Exception {
        try (HoldProcess first = HoldProcess.start(dir, Map.of())) {
            io.atcr.hold.testing.TestHold.CommandResult list = io.atcr.hold.testing.TestHold.command(
                    Map.of("HOLD_DATABASE_DIR", dir.resolve("data").toString()), "crew", "list");
            assertEquals(0, list.code(), "commands take no lock: " + list.err());
            HoldProcess.Failed second = HoldProcess.failToStart(dir, Map.of());
            assertEquals(2, second.code(), String.join("\n", second.lines()));
            assertEquals(1, second.lines().size(), String.join("\n", second.lines()));
            String line = second.lines().get(0);
            assertTrue(line.contains("HOLD_DATABASE_DIR") && line.contains("pid " + first.process().pid()), line);
        }
    }

    @Test
    void aKilledServeLeavesNoLockBehind() throws Exception {
        try (HoldProcess first = HoldProcess.start(dir, Map.of())) {
            first.process().destroyForcibly().waitFor();
        }
        try (HoldProcess next = HoldProcess.start(dir, Map.of())) {
            assertEquals(0, next.terminate(), next.log());
        }
    }
}
