package io.atcr.hold.record;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Record keys strictly increase on a hold, from any of its processes, even while the clock stands still. */
class TidTest {
    private static final Clock FROZEN = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void keysOfTwoGeneratorsOnOneDatabaseStrictlyIncreaseUnderAFrozenClock(@TempDir Path dir) {
        try (Database db = Database.open(dir.resolve("hold.db"))) {
            Tid server = new Tid(FROZEN);
            Tid commandLine = new Tid(FROZEN);
            String previous = "";
            for (int i = 0; i < 500; i++) {
                Tid tid = i % 2 == 0 ? server : commandLine;
                String next = db.transaction(tid::next);
                assertTrue(next.compareTo(previous) > 0, previous + " then " + next);
                assertTrue(next.matches("[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}"), next);
                previous = next;
            }
        }
    }

    @Test
    void aClockThatStepsBackDoesNotRepeatKeys(@TempDir Path dir) {
        try (Database db = Database.open(dir.resolve("hold.db"))) {
            String later = db.transaction(new Tid(Clock.fixed(Instant.parse("2026-06-02T00:00:00Z"), ZoneOffset.UTC))::next);
            String earlier = db.transaction(new Tid(FROZEN)::next);
            assertTrue(earlier.compareTo(later) > 0, later + " then " + earlier);
        }
    }
}
