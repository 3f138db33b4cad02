package io.atcr.hold.record;

import io.atcr.hold.crew.Captain;
import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.crew.CrewStore;
import io.atcr.hold.manifest.LayerRecord;
import io.atcr.hold.manifest.LayerRecords;
import io.atcr.hold.stats.RepoStats;
import io.atcr.hold.stats.StatsStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The hold's read-only repository: captain, crew, layer and stats records, each with the CID of its value. */
public final class HoldRecords {
    public static final String CAPTAIN = "io.atcr.hold.captain";
    public static final String CREW = "io.atcr.hold.crew";
    public static final String LAYER = LayerRecord.COLLECTION;
    public static final String STATS = RepoStats.COLLECTION;

    private final String holdDid;
    private final Map<String, RecordSource> collections;

    public HoldRecords(String holdDid, Captain captain, CrewStore crew, LayerRecords layers, StatsStore stats) {
        this.holdDid = holdDid;
        this.collections = Map.of(CAPTAIN, captainSource(captain), CREW, crewSource(crew),
                LAYER, new TableSource<>(layers::find, layers::list, LayerRecord::rkey, LayerRecord::value),
                STATS, new TableSource<>(stats::find, stats::list, RepoStats::rkey, RepoStats::value));
    }

    /** The collections this hold keeps, in name order. */
    public java.util.SortedSet<String> collections() {
        return new java.util.TreeSet<>(collections.keySet());
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
        value.put("owner", captain.recordOwner());
        value.put("public", captain.publicHold());
        value.put("allowAllCrew", captain.allowAllCrew());
        value.put("enableBlueskyPosts", captain.enableBlueskyPosts());
        value.put("deployedAt", captain.deployedAt().toString());
        if (captain.region() != null) {
            value.put("region", captain.region());
        }
        if (captain.successor() != null) {
            value.put("successor", captain.successor());
        }
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

    /** A collection kept in its own table, read through its store. */
    private record TableSource<T>(Function<String, Optional<T>> find, BiFunction<String, Integer, List<T>> page,
                                  Function<T, String> rkey, Function<T, Map<String, Object>> value) implements RecordSource {
        public Optional<Map<String, Object>> get(String key) {
            return find.apply(key).map(value);
        }

        public List<Map.Entry<String, Map<String, Object>>> list(String afterRkey, int limit) {
            return page.apply(afterRkey, limit).stream().map(r -> Map.entry(rkey.apply(r), value.apply(r))).toList();
        }
    }
}
