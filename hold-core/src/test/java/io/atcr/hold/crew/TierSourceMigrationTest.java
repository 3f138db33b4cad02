package io.atcr.hold.crew;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.db.Database;
import io.atcr.hold.db.OldSchema;
import io.atcr.hold.testing.TestRepositories;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.tier.TierPolicy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tier stored before tier sources existed becomes Stripe's when billing ever ran on the hold, else the operator's. */
class TierSourceMigrationTest {
    private static final TierPolicy TIERS = TierPolicy.of(List.of(
            new Tier("small", 10, "", Map.of()), new Tier("big", 100, "", Map.of())), "small", "small");

    private static Path oldDatabase(Path dir, boolean billingRan) throws Exception {
        Path file = dir.resolve("hold.db");
        try (Connection c = OldSchema.create(file, 3); Statement st = c.createStatement()) { // before step 4
            st.execute("INSERT INTO crew (member, rkey, role, permissions, tier, plankowner, added_at) "
                    + "VALUES ('did:plc:a', '3aaa', 'write', 'blob:read', 'big', 0, '2026-01-01T00:00:00Z')");
            if (billingRan) {
                st.execute("INSERT INTO billing_event VALUES ('evt_1', 'customer.subscription.created', 't')");
            }
        }
        return file;
    }

    @Test
    void withoutBillingEventsTheStoredTierIsTheOperators(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(oldDatabase(dir, false))) {
            CrewMember member = new CrewStore(db, Clock.systemUTC(), TIERS, TestRepositories.in(dir, db)).find("did:plc:a").orElseThrow();
            assertEquals(Map.of(TierSource.OPERATOR, "big"), member.tierSources());
            assertEquals("big", member.tier());
        }
    }

    @Test
    void afterBillingEventsTheStoredTierIsStripes(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(oldDatabase(dir, true))) {
            CrewMember member = new CrewStore(db, Clock.systemUTC(), TIERS, TestRepositories.in(dir, db)).find("did:plc:a").orElseThrow();
            assertEquals(Map.of(TierSource.STRIPE, "big"), member.tierSources());
        }
    }

    @Test
    void theStoredTierIsTheHighestSourcesAndClearingOneKeepsTheOther(@TempDir Path dir) {
        try (Database db = Database.open(dir.resolve("hold.db"))) {
            CrewStore crew = new CrewStore(db, Clock.systemUTC(), TIERS, TestRepositories.in(dir, db));
            crew.save("did:plc:b", "write", List.of(), "small", false);
            db.transaction(c -> crew.setTier(c, "did:plc:b", TierSource.STRIPE, "big"));
            assertEquals("big", crew.find("did:plc:b").orElseThrow().tier());
            TierChange cancel = db.transaction(c -> crew.setTier(c, "did:plc:b", TierSource.STRIPE, null)).orElseThrow();
            assertEquals(new TierChange("did:plc:b", "big", "small"), cancel);
            db.transaction(c -> crew.setTier(c, "did:plc:b", TierSource.APPVIEW, "unknown-tier"));
            assertEquals("small", crew.find("did:plc:b").orElseThrow().tier(), "a tier no longer configured counts for nothing");
        }
    }
}
