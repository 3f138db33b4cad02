package io.atcr.hold.crew;

import io.atcr.hold.db.Database;
import io.atcr.hold.record.Tid;
import io.atcr.hold.repo.RecordOp;
import io.atcr.hold.repo.Repository;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.tier.TierPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * Crew records in the database, one row per member, and the tier each source set ({@code crew_tier}). A member's
 * stored tier is computed when read: the highest tier, in the hold's tier order, among the sources' tiers that are
 * configured. Every write is one transaction, which commits the member's crew record to the hold's repository too.
 */
public final class CrewStore {
    private static final String COLUMNS = "member, rkey, role, permissions, plankowner, added_at, "
            + "(SELECT group_concat(source || '=' || tier, ',') FROM crew_tier t WHERE t.member = crew.member) AS sources";
    private static final String INSERT_COLUMNS = "member, rkey, role, permissions, plankowner, added_at";

    private final Database db;
    private final Clock clock;
    private final Tid tid;
    private final TierPolicy tiers;
    private final Repository repo;

    public CrewStore(Database db, Clock clock, TierPolicy tiers, Repository repo) {
        this.db = db;
        this.clock = clock;
        this.tid = new Tid(clock);
        this.tiers = tiers;
        this.repo = repo;
    }

    /** The outcome of {@link #join}: whether the record was created now, and the record. */
    public record Joined(boolean created, CrewMember member) {
    }

    public Optional<CrewMember> find(String did) {
        return db.read(c -> find(c, did));
    }

    /** Adds the member unless present; a present member is left as it is. */
    public Joined join(String did, String role, List<String> permissions) {
        return db.transaction(c -> {
            Optional<CrewMember> existing = find(c, did);
            if (existing.isPresent()) {
                return new Joined(false, existing.get());
            }
            CrewMember member = new CrewMember(did, tid.next(c), role, permissions, null, Map.of(), false, now());
            insert(c, member);
            commit(c, member);
            return new Joined(true, member);
        });
    }

    /**
     * Adds the member, or replaces the given fields of an existing one (its rkey and addedAt stay); {@code operatorTier}
     * is the operator's tier source (null: none). The other sources' tiers stay as they are.
     */
    public CrewMember save(String did, String role, List<String> permissions, String operatorTier, boolean plankowner) {
        return db.transaction(c -> {
            Optional<CrewMember> existing = find(c, did);
            if (existing.isEmpty()) {
                insert(c, new CrewMember(did, tid.next(c), role, permissions, null, Map.of(), plankowner, now()));
            } else {
                try (PreparedStatement st = c.prepareStatement(
                        "UPDATE crew SET role = ?, permissions = ?, plankowner = ? WHERE member = ?")) {
                    st.setString(1, role);
                    st.setString(2, String.join(",", permissions));
                    st.setInt(3, plankowner ? 1 : 0);
                    st.setString(4, did);
                    st.executeUpdate();
                }
            }
            writeSource(c, did, TierSource.OPERATOR, operatorTier);
            CrewMember saved = find(c, did).orElseThrow();
            commit(c, saved);
            return saved;
        });
    }

    public boolean remove(String did) {
        return db.transaction(c -> {
            Optional<RecordOp> deleted = delete(c, did);
            if (deleted.isPresent()) {
                repo.commit(c, List.of(deleted.get()));
            }
            return deleted.isPresent();
        });
    }

    /**
     * Deletes the member's row and tier sources in the caller's transaction, leaving the repository to the caller:
     * answers the record's delete op, empty when not crew.
     */
    public Optional<RecordOp> delete(Connection c, String did) throws SQLException {
        Optional<CrewMember> member = find(c, did);
        if (member.isEmpty()) {
            return Optional.empty();
        }
        try (PreparedStatement st = c.prepareStatement("DELETE FROM crew WHERE member = ?")) {
            st.setString(1, did);
            st.executeUpdate();
        }
        return Optional.of(new RecordOp.Delete(CrewMember.COLLECTION, member.get().rkey()));
    }

    /**
     * Writes a member read from a repository backup ({@code repo import}) in the caller's transaction, leaving the
     * repository to the caller; the record's stored tier becomes the operator's source (the record keeps no others).
     */
    public static void restore(Connection c, CrewMember member) throws SQLException {
        insert(c, member);
        if (member.tier() != null) {
            writeSource(c, member.did(), TierSource.OPERATOR, member.tier());
        }
    }

    private void commit(Connection c, CrewMember member) throws SQLException {
        repo.commit(c, List.of(new RecordOp.Put(CrewMember.COLLECTION, member.rkey(), member.recordValue())));
    }

    /** Every member's crew record, for the repository's first commit. */
    public static List<RecordOp> records(Connection c, TierPolicy tiers) throws SQLException {
        List<RecordOp> ops = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM crew ORDER BY rkey")) {
            for (CrewMember member : readAll(st, tiers)) {
                ops.add(new RecordOp.Put(CrewMember.COLLECTION, member.rkey(), member.recordValue()));
            }
        }
        return ops;
    }

    /**
     * Sets the tier that {@code source} gives a member ({@code null}: that source gives none) on the given connection,
     * so a caller can make it part of a larger transaction. The change is of the stored tier, which the other sources
     * may keep where it was. Empty when the DID is not crew.
     */
    public Optional<TierChange> setTier(Connection c, String did, TierSource source, String tier) throws SQLException {
        Optional<CrewMember> before = find(c, did);
        if (before.isEmpty()) {
            return Optional.empty();
        }
        writeSource(c, did, source, tier);
        CrewMember after = find(c, did).orElseThrow();
        commit(c, after); // the record shows the stored tier; a source change that keeps it commits nothing
        return Optional.of(new TierChange(did, before.get().tier(), after.tier()));
    }

    private static void writeSource(Connection c, String did, TierSource source, String tier) throws SQLException {
        String sql = tier == null ? "DELETE FROM crew_tier WHERE member = ? AND source = ?"
                : "INSERT INTO crew_tier (member, source, tier) VALUES (?, ?, ?) "
                + "ON CONFLICT (member, source) DO UPDATE SET tier = excluded.tier";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, did);
            st.setString(2, source.label());
            if (tier != null) {
                st.setString(3, tier);
            }
            st.executeUpdate();
        }
    }

    /** Members in record-key order, after {@code afterRkey} (exclusive) when given. */
    public List<CrewMember> list(String afterRkey, int limit) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM crew WHERE rkey > ? ORDER BY rkey LIMIT ?")) {
                st.setString(1, afterRkey == null ? "" : afterRkey);
                st.setInt(2, limit);
                return readAll(st);
            }
        });
    }

    public Optional<CrewMember> findByRkey(String rkey) {
        return db.read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM crew WHERE rkey = ?")) {
                st.setString(1, rkey);
                return readAll(st).stream().findFirst();
            }
        });
    }

    public List<CrewMember> all() {
        return list(null, Integer.MAX_VALUE);
    }

    /** The member as the transaction on {@code c} sees them. */
    public Optional<CrewMember> find(Connection c, String did) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM crew WHERE member = ?")) {
            st.setString(1, did);
            return readAll(st).stream().findFirst();
        }
    }

    private static void insert(Connection c, CrewMember m) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO crew (" + INSERT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            st.setString(1, m.did());
            st.setString(2, m.rkey());
            st.setString(3, m.role());
            st.setString(4, String.join(",", m.permissions()));
            st.setInt(5, m.plankowner() ? 1 : 0);
            st.setString(6, m.addedAt().toString());
            st.executeUpdate();
        }
    }

    private List<CrewMember> readAll(PreparedStatement st) throws SQLException {
        return readAll(st, tiers);
    }

    private static List<CrewMember> readAll(PreparedStatement st, TierPolicy tiers) throws SQLException {
        List<CrewMember> members = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String perms = rs.getString("permissions");
                Map<TierSource, String> sources = sources(rs.getString("sources"));
                members.add(new CrewMember(rs.getString("member"), rs.getString("rkey"), rs.getString("role"),
                        perms.isEmpty() ? List.of() : Arrays.asList(perms.split(",")), stored(sources, tiers), sources,
                        rs.getInt("plankowner") == 1, Instant.parse(rs.getString("added_at"))));
            }
        }
        return members;
    }

    private static Map<TierSource, String> sources(String text) {
        Map<TierSource, String> sources = new EnumMap<>(TierSource.class);
        if (text != null) {
            for (String pair : text.split(",")) {
                int eq = pair.indexOf('=');
                TierSource.of(pair.substring(0, eq)).ifPresent(source -> sources.put(source, pair.substring(eq + 1)));
            }
        }
        return sources;
    }

    /** The highest configured tier among the sources' tiers; null when none names a configured tier. */
    private static String stored(Map<TierSource, String> sources, TierPolicy tiers) {
        Tier best = null;
        for (String name : sources.values()) {
            Optional<Tier> tier = tiers.find(name);
            if (tier.isPresent()) {
                best = best == null ? tier.get() : tiers.higher(best, tier.get());
            }
        }
        return best == null ? null : best.name();
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
