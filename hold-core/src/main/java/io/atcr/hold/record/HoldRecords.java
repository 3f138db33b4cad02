package io.atcr.hold.record;

import io.atcr.hold.crew.Captain;
import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.crew.CrewStore;
import io.atcr.hold.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The hold's read-only repository: captain, crew and layer records, each with the CID of its value. */
public final class HoldRecords {
    public static final String CAPTAIN = "io.atcr.hold.captain";
    public static final String CREW = "io.atcr.hold.crew";
    public static final String LAYER = "io.atcr.hold.layer";

    private final String holdDid;
    private final Map<String, RecordSource> collections;

    public HoldRecords(String holdDid, Captain captain, CrewStore crew, Database db) {
        this.holdDid = holdDid;
        this.collections = Map.of(CAPTAIN, captainSource(captain), CREW, crewSource(crew), LAYER, new LayerSource(db));
    }

    public boolean knows(String collection) {
        return collections.containsKey(collection);
    }

    public Optional<RecordView> get(String collection, String rkey) {
        return source(collection).get(rkey).map(value -> view(collection, rkey, value));
    }

    public RecordPage list(String collection, int limit, String cursor) {
        List<Map.Entry<String, Map<String, Object>>> entries = source(collection).list(cursor, limit + 1);
        boolean more = entries.size() > limit;
        List<RecordView> views = entries.stream().limit(limit).map(e -> view(collection, e.getKey(), e.getValue())).toList();
        return new RecordPage(more ? views.get(views.size() - 1).uri().substring(uriPrefix(collection).length()) : null, views);
    }

    public String uri(String collection, String rkey) {
        return uriPrefix(collection) + rkey;
    }

    private String uriPrefix(String collection) {
        return "at://" + holdDid + "/" + collection + "/";
    }

    private RecordView view(String collection, String rkey, Map<String, Object> value) {
        return new RecordView(uri(collection, rkey), Cid.ofRecord(value), value);
    }

    private RecordSource source(String collection) {
        RecordSource source = collections.get(collection);
        if (source == null) {
            throw new IllegalArgumentException("unknown collection " + collection);
        }
        return source;
    }

    private static RecordSource captainSource(Captain captain) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("$type", CAPTAIN);
        captain.ownerDid().ifPresent(owner -> value.put("owner", owner));
        value.put("public", captain.publicHold());
        value.put("allowAllCrew", captain.allowAllCrew());
        value.put("deployedAt", captain.deployedAt().toString());
        Map<String, Object> frozen = java.util.Collections.unmodifiableMap(value);
        return new RecordSource() {
            public Optional<Map<String, Object>> get(String rkey) {
                return "self".equals(rkey) ? Optional.of(frozen) : Optional.empty();
            }

            public List<Map.Entry<String, Map<String, Object>>> list(String afterRkey, int limit) {
                return afterRkey == null || afterRkey.compareTo("self") < 0 ? List.of(Map.entry("self", frozen)) : List.of();
            }
        };
    }

    private static RecordSource crewSource(CrewStore crew) {
        return new RecordSource() {
            public Optional<Map<String, Object>> get(String rkey) {
                return crew.findByRkey(rkey).map(HoldRecords::crewValue);
            }

            public List<Map.Entry<String, Map<String, Object>>> list(String afterRkey, int limit) {
                return crew.list(afterRkey, limit).stream().map(m -> Map.entry(m.rkey(), crewValue(m))).toList();
            }
        };
    }

    static Map<String, Object> crewValue(CrewMember member) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("$type", CREW);
        value.put("member", member.did());
        value.put("role", member.role());
        value.put("permissions", member.permissions());
        member.storedTier().ifPresent(tier -> value.put("tier", tier));
        if (member.plankowner()) {
            value.put("plankowner", true);
        }
        value.put("addedAt", member.addedAt().toString());
        return value;
    }

    private record LayerSource(Database db) implements RecordSource {
        private static final String SELECT = "SELECT rkey, digest, size, media_type, repository, user_did, created_at FROM layer ";

        public Optional<Map<String, Object>> get(String rkey) {
            return query(SELECT + "WHERE rkey = ?", rkey, 1).stream().findFirst().map(Map.Entry::getValue);
        }

        public List<Map.Entry<String, Map<String, Object>>> list(String afterRkey, int limit) {
            return query(SELECT + "WHERE rkey > ? ORDER BY rkey LIMIT ?", afterRkey == null ? "" : afterRkey, limit);
        }

        private List<Map.Entry<String, Map<String, Object>>> query(String sql, String key, int limit) {
            return db.read(c -> {
                try (PreparedStatement st = c.prepareStatement(sql)) {
                    st.setString(1, key);
                    if (sql.contains("LIMIT")) {
                        st.setInt(2, limit);
                    }
                    List<Map.Entry<String, Map<String, Object>>> out = new ArrayList<>();
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            Map<String, Object> value = new LinkedHashMap<>();
                            value.put("$type", LAYER);
                            value.put("digest", rs.getString("digest"));
                            value.put("size", rs.getLong("size"));
                            value.put("mediaType", rs.getString("media_type"));
                            value.put("repository", rs.getString("repository"));
                            value.put("userDid", rs.getString("user_did"));
                            value.put("createdAt", rs.getString("created_at"));
                            out.add(Map.entry(rs.getString("rkey"), value));
                        }
                    }
                    return out;
                }
            });
        }
    }
}
