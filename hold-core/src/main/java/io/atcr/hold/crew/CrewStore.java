package io.atcr.hold.crew;

import io.atcr.hold.db.Database;
import io.atcr.hold.record.Tid;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Crew records in the database, one row per member. Every write is one transaction. */
public final class CrewStore {
    private static final String COLUMNS = "member, rkey, role, permissions, tier, plankowner, added_at";

    private final Database db;
    private final Clock clock;
    private final Tid tid;

    public CrewStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.tid = new Tid(clock);
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
            CrewMember member = new CrewMember(did, tid.next(), role, permissions, null, false, now());
            insert(c, member);
            return new Joined(true, member);
        });
    }

    /** Adds the member, or replaces the given fields of an existing one (its rkey and addedAt stay). */
    public CrewMember save(String did, String role, List<String> permissions, String tier, boolean plankowner) {
        return db.transaction(c -> {
            Optional<CrewMember> existing = find(c, did);
            if (existing.isEmpty()) {
                CrewMember member = new CrewMember(did, tid.next(), role, permissions, tier, plankowner, now());
                insert(c, member);
                return member;
            }
            CrewMember member = new CrewMember(did, existing.get().rkey(), role, permissions, tier, plankowner,
                    existing.get().addedAt());
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE crew SET role = ?, permissions = ?, tier = ?, plankowner = ? WHERE member = ?")) {
                st.setString(1, role);
                st.setString(2, String.join(",", permissions));
                st.setString(3, tier);
                st.setInt(4, plankowner ? 1 : 0);
                st.setString(5, did);
                st.executeUpdate();
            }
            return member;
        });
    }

    public boolean remove(String did) {
        return db.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM crew WHERE member = ?")) {
                st.setString(1, did);
                return st.executeUpdate() > 0;
            }
        });
    }

    /**
     * Sets a member's stored tier ({@code null}: back to their free tier) on the given connection, so a caller can
     * make it part of a larger transaction. Empty when the DID is not crew.
     */
    public Optional<TierChange> setTier(Connection c, String did, String tier) throws SQLException {
        Optional<CrewMember> existing = find(c, did);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        try (PreparedStatement st = c.prepareStatement("UPDATE crew SET tier = ? WHERE member = ?")) {
            st.setString(1, tier);
            st.setString(2, did);
            st.executeUpdate();
        }
        return Optional.of(new TierChange(did, existing.get().tier(), tier));
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

    private static Optional<CrewMember> find(Connection c, String did) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM crew WHERE member = ?")) {
            st.setString(1, did);
            return readAll(st).stream().findFirst();
        }
    }

    private static void insert(Connection c, CrewMember m) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO crew (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, m.did());
            st.setString(2, m.rkey());
            st.setString(3, m.role());
            st.setString(4, String.join(",", m.permissions()));
            st.setString(5, m.tier());
            st.setInt(6, m.plankowner() ? 1 : 0);
            st.setString(7, m.addedAt().toString());
            st.executeUpdate();
        }
    }

    private static List<CrewMember> readAll(PreparedStatement st) throws SQLException {
        List<CrewMember> members = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String perms = rs.getString("permissions");
                members.add(new CrewMember(rs.getString("member"), rs.getString("rkey"), rs.getString("role"),
                        perms.isEmpty() ? List.of() : Arrays.asList(perms.split(",")), rs.getString("tier"),
                        rs.getInt("plankowner") == 1, Instant.parse(rs.getString("added_at"))));
            }
        }
        return members;
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
