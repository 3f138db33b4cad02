package io.atcr.hold.quota;

import io.atcr.hold.crew.Captain;
import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.crew.CrewStore;
import io.atcr.hold.db.Database;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.tier.TierPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Usage and limits: usage from layer records deduplicated by digest, limits from the caller's effective tier. */
public final class QuotaService {
    private final Database db;
    private final CrewStore crew;
    private final TierPolicy tiers;
    private final Captain captain;

    public QuotaService(Database db, CrewStore crew, TierPolicy tiers, Captain captain) {
        this.db = db;
        this.crew = crew;
        this.tiers = tiers;
        this.captain = captain;
    }

    public Usage usage(String did) {
        return db.read(c -> usage(c, did));
    }

    /**
     * Usage on the given connection, so that a check and a write can share one transaction. Reads the user's totals
     * row, which {@link #countBlob} keeps with the layer records, so it takes the same time however many records a
     * user has.
     */
    public static Usage usage(Connection c, String did) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT unique_blobs, total_size FROM user_usage WHERE user_did = ?")) {
            st.setString(1, did);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new Usage(rs.getLong(1), rs.getLong(2)) : new Usage(0, 0);
            }
        }
    }

    /**
     * Counts a blob in a user's usage when it is new to them; call it in the transaction that records a layer with
     * this digest. Answers whether the usage grew.
     */
    public static boolean countBlob(Connection c, String did, String digest, long size) throws SQLException {
        try (PreparedStatement blob = c.prepareStatement(
                "INSERT OR IGNORE INTO user_blob (user_did, digest, size) VALUES (?, ?, ?)")) {
            blob.setString(1, did);
            blob.setString(2, digest);
            blob.setLong(3, size);
            if (blob.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement total = c.prepareStatement("INSERT INTO user_usage (user_did, unique_blobs, total_size) "
                + "VALUES (?, 1, ?) ON CONFLICT (user_did) DO UPDATE SET unique_blobs = unique_blobs + 1, "
                + "total_size = total_size + excluded.total_size")) {
            total.setString(1, did);
            total.setLong(2, size);
            total.executeUpdate();
        }
        return true;
    }

    /** Forgets a user's usage totals, with their layer records (deleteUserData), in the caller's transaction. */
    public static void clearUsage(Connection c, String did) throws SQLException {
        for (String sql : new String[] {"DELETE FROM user_blob WHERE user_did = ?", "DELETE FROM user_usage WHERE user_did = ?"}) {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, did);
                st.executeUpdate();
            }
        }
    }

    /** The tier that applies to this DID: none for the captain or with quotas off; a non-member gets the new-crew tier. */
    public Optional<Tier> tierOf(String did) {
        if (captain.isCaptain(did) || !tiers.quotasOn()) {
            return Optional.empty();
        }
        Optional<CrewMember> member = crew.find(did);
        return tiers.effectiveTier(member.map(CrewMember::tier).orElse(null), member.map(CrewMember::plankowner).orElse(false));
    }

    public QuotaReport report(String did) {
        Usage usage = usage(did);
        Optional<Tier> tier = tierOf(did);
        return new QuotaReport(did, usage.uniqueBlobs(), usage.totalSize(),
                tier.map(Tier::name).orElse(null),
                tier.map(Tier::quotaBytes).orElse(null));
    }
}
