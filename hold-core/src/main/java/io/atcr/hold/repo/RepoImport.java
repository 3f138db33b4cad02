package io.atcr.hold.repo;

import io.atcr.hold.bluesky.BlueskyPresence;
import io.atcr.hold.crew.Captain;
import io.atcr.hold.crew.CrewMember;
import io.atcr.hold.crew.CrewStore;
import io.atcr.hold.db.Database;
import io.atcr.hold.identity.Multikey;
import io.atcr.hold.manifest.LayerRecord;
import io.atcr.hold.manifest.LayerRecords;
import io.atcr.hold.quota.QuotaService;
import io.atcr.hold.record.Cid;
import io.atcr.hold.record.DagCbor;
import io.atcr.hold.record.Syntax;
import io.atcr.hold.stats.RepoStats;
import io.atcr.hold.stats.StatsStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code repo import FILE}: replaces the hold's records with those of a CAR of its own repository (a
 * {@code repo export} backup), in one transaction. The CAR must be this DID's, signed by this hold's key, with every
 * block matching its CID and a canonical MST; otherwise nothing changes. The captain and the profile come from the
 * configuration, as at every start; a crew member's stored tier becomes the operator's tier source.
 */
public final class RepoImport {
    private static final Set<String> FROM_CONFIGURATION = Set.of(Captain.COLLECTION, BlueskyPresence.PROFILE);

    private RepoImport() {
    }

    /** What the import wrote: how many records of each collection, and the new head. */
    public record Result(Map<String, Integer> records, Repository.Head head) {
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with the CAR; nothing was changed
     */
    public static Result importCar(Database db, Repository repo, Multikey key, List<RecordOp> startRecords, byte[] car) {
        CarReader.Contents contents = CarReader.read(car);
        checkCommit(contents, repo.did(), key);
        Map<?, ?> commit = (Map<?, ?>) DagCbor.decode(contents.blocks().get(contents.root()));
        Mst tree = Mst.load((Cid) commit.get("data"), contents.blocks()::get);
        List<RecordOp.Put> records = new ArrayList<>();
        tree.forEach((path, cid) -> {
            byte[] block = contents.blocks().get(cid);
            if (block == null) {
                throw new IllegalArgumentException("the CAR lacks the record " + path);
            }
            int slash = path.indexOf('/');
            @SuppressWarnings("unchecked")
            Map<String, Object> value = (Map<String, Object>) DagCbor.decode(block);
            records.add(new RecordOp.Put(path.substring(0, slash), path.substring(slash + 1), value));
        });
        return db.transaction(c -> {
            clear(c);
            Map<String, Integer> counts = new LinkedHashMap<>();
            List<RecordOp> ops = new ArrayList<>(startRecords);
            for (RecordOp.Put record : records) {
                if (FROM_CONFIGURATION.contains(record.collection())) {
                    continue;
                }
                restore(c, record);
                ops.add(record);
                counts.merge(record.collection(), 1, Integer::sum);
            }
            Set<String> kept = new java.util.HashSet<>();
            ops.forEach(op -> kept.add(op.path()));
            repo.tree(c).forEach((path, cid) -> {
                if (!kept.contains(path)) {
                    int slash = path.indexOf('/');
                    ops.add(new RecordOp.Delete(path.substring(0, slash), path.substring(slash + 1)));
                }
            });
            return new Result(counts, repo.commit(c, ops, Repository.Announce.SYNC).orElseThrow());
        });
    }

    private static void checkCommit(CarReader.Contents contents, String did, Multikey key) {
        byte[] block = contents.blocks().get(contents.root());
        if (block == null || !(DagCbor.decode(block) instanceof Map<?, ?> commit)) {
            throw new IllegalArgumentException("the CAR's root is not a commit it holds");
        }
        if (!did.equals(commit.get("did")) || !Long.valueOf(3).equals(commit.get("version"))
                || !(commit.get("data") instanceof Cid)) {
            throw new IllegalArgumentException("the CAR is not a version 3 repository of " + did);
        }
        if (!Repository.signedBy(commit, key)) {
            throw new IllegalArgumentException("the CAR's commit is not signed by this hold's key");
        }
    }

    private static void clear(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String table : List.of("crew", "layer", "user_blob", "user_usage", "repo_stats", "bluesky_post")) {
                st.executeUpdate("DELETE FROM " + table); // crew_tier goes with crew
            }
        }
    }

    private static void restore(Connection c, RecordOp.Put record) throws SQLException {
        Map<String, Object> v = record.value();
        switch (record.collection()) {
            case CrewMember.COLLECTION -> CrewStore.restore(c, new CrewMember(text(v, "member", record), record.rkey(),
                    text(v, "role", record), strings(v, "permissions", record), (String) v.get("tier"), Map.of(),
                    Boolean.TRUE.equals(v.get("plankowner")), instant(v, "addedAt", record)));
            case LayerRecord.COLLECTION -> {
                LayerRecord layer = new LayerRecord(record.rkey(), text(v, "digest", record), number(v, "size", record),
                        text(v, "mediaType", record), text(v, "manifest", record),
                        v.get("repository") instanceof String r ? r : "", text(v, "userDid", record), text(v, "createdAt", record));
                LayerRecords.insert(c, layer);
                QuotaService.countBlob(c, layer.userDid(), layer.digest(), layer.size());
            }
            case RepoStats.COLLECTION -> StatsStore.restore(c, new RepoStats(record.rkey(), text(v, "ownerDid", record),
                    text(v, "repository", record), number(v, "pushCount", record), number(v, "pullCount", record),
                    v.get("lastPush") == null ? null : instant(v, "lastPush", record),
                    v.get("lastPull") == null ? null : instant(v, "lastPull", record), instant(v, "updatedAt", record)));
            case BlueskyPresence.POST -> BlueskyPresence.restore(c, record.rkey(), v);
            default -> throw new IllegalArgumentException("the CAR holds " + record.path() + ", a collection this hold does not keep");
        }
    }

    private static String text(Map<String, Object> v, String field, RecordOp record) {
        if (!(v.get(field) instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException(record.path() + " has no " + field);
        }
        if ((field.equals("member") || field.endsWith("Did")) && !Syntax.isDid(s)) {
            throw new IllegalArgumentException(record.path() + "'s " + field + " is not a DID");
        }
        return s;
    }

    private static long number(Map<String, Object> v, String field, RecordOp record) {
        if (!(v.get(field) instanceof Long n) || n < 0) {
            throw new IllegalArgumentException(record.path() + " has no whole " + field);
        }
        return n;
    }

    private static Instant instant(Map<String, Object> v, String field, RecordOp record) {
        try {
            return Instant.parse(text(v, field, record));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(record.path() + "'s " + field + " is not a datetime");
        }
    }

    private static List<String> strings(Map<String, Object> v, String field, RecordOp record) {
        if (!(v.get(field) instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException(record.path() + " has no list of " + field);
        }
        return list.stream().map(String.class::cast).toList();
    }
}
