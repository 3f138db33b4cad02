package io.atcr.hold.testing;

import io.atcr.hold.crew.Captain;
import io.atcr.hold.crew.CrewStore;
import io.atcr.hold.db.Database;
import io.atcr.hold.quota.QuotaService;
import io.atcr.hold.repo.Repository;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.tier.TierPolicy;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The core's parts on a real SQLite file in a test's folder, for unit tests of one piece: the database, the signed
 * repository, the crew, tiers and quota, on a clock the test moves. No server, no storage driver.
 */
public final class CoreParts implements AutoCloseable {
    public static final Tier SMALL = new Tier("small", 3_000, "a small tier", Map.of());
    public static final Tier LARGE = new Tier("large", 1L << 40, "a large tier", Map.of());
    public static final TierPolicy TIERS = TierPolicy.of(List.of(SMALL, LARGE), "small", "small");

    public final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    public final Database db;
    public final Repository repo;
    public final CrewStore crew;
    public final Captain captain = new Captain(null, TestRepositories.DID, false, false, false, null, null, Instant.EPOCH);
    public final QuotaService quota;

    private CoreParts(Path dir, TierPolicy tiers) {
        this.db = Database.open(dir.resolve("hold.db"));
        this.repo = TestRepositories.in(dir, db);
        this.crew = new CrewStore(db, clock, tiers, repo);
        this.quota = new QuotaService(db, crew, tiers, captain);
    }

    /** Parts with two tiers, {@code small} (3,000 bytes, the new-crew tier) and {@code large}. */
    public static CoreParts in(Path dir) {
        return new CoreParts(dir, TIERS);
    }

    public static CoreParts in(Path dir, TierPolicy tiers) {
        return new CoreParts(dir, tiers);
    }

    /** Records a completed blob as the storage would after verifying it, with no storage behind it. */
    public void storedBlob(String digest, long size, String uploaderDid) {
        db.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO stored_blob (digest, size, uploader_did, stored_at) VALUES (?, ?, ?, ?)")) {
                st.setString(1, digest);
                st.setLong(2, size);
                st.setString(3, uploaderDid);
                st.setString(4, clock.instant().toString());
                return st.executeUpdate();
            }
        });
    }

    @Override
    public void close() {
        db.close();
    }
}
