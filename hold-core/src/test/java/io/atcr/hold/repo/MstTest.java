package io.atcr.hold.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.record.Cid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The tree's shape depends only on its keys; it reads back from its blocks; ranges are those of a sorted map. */
class MstTest {
    private static final Cid VALUE = Cid.ofDagCbor(new byte[] {(byte) 0xa0});
    private static final String[] COLLECTIONS = {"io.atcr.hold.crew", "io.atcr.hold.layer", "io.atcr.hold.stats"};

    private static TreeMap<String, Cid> randomKeys(Random random, int n) {
        TreeMap<String, Cid> keys = new TreeMap<>();
        while (keys.size() < n) {
            keys.put(COLLECTIONS[random.nextInt(3)] + "/3" + Long.toString(random.nextLong() >>> 4, 32), VALUE);
        }
        return keys;
    }

    private static Mst treeOf(java.util.Collection<String> keys) {
        Mst tree = Mst.empty();
        for (String key : keys) {
            tree = tree.put(key, VALUE);
        }
        return tree;
    }

    @Test
    void insertionOrderAndDeletionsDoNotChangeTheRoot() {
        Random random = new Random(1);
        TreeMap<String, Cid> keys = randomKeys(random, 600);
        Mst forward = Mst.empty();
        for (String key : keys.keySet()) {
            forward = forward.put(key, VALUE);
        }
        List<String> shuffled = new ArrayList<>(keys.keySet());
        java.util.Collections.shuffle(shuffled, random);
        Mst backward = Mst.empty();
        for (String key : shuffled) {
            backward = backward.put(key, VALUE).put("io.atcr.hold.zzz/" + key.hashCode(), VALUE);
        }
        for (String key : shuffled) {
            backward = backward.delete("io.atcr.hold.zzz/" + key.hashCode());
        }
        assertEquals(forward.root(), backward.root());
        for (String key : shuffled) {
            forward = forward.delete(key);
        }
        assertEquals(Mst.empty().root(), forward.root());
        assertTrue(forward.isEmpty());
    }

    @Test
    void aTreeReadsBackFromItsBlocksAndRefusesATamperedOne() {
        Mst tree = treeOf(randomKeys(new Random(2), 400).keySet());
        Map<Cid, byte[]> blocks = new HashMap<>(tree.blocks());
        Mst loaded = Mst.load(tree.root(), blocks::get);
        assertEquals(tree.root(), loaded.root());
        List<String> original = new ArrayList<>();
        tree.forEach((k, v) -> original.add(k));
        List<String> read = new ArrayList<>();
        loaded.forEach((k, v) -> read.add(k));
        assertEquals(original, read);

        Cid victim = blocks.keySet().stream().filter(c -> !c.equals(tree.root())).findFirst().orElseThrow();
        byte[] tampered = blocks.get(victim).clone();
        tampered[tampered.length - 1] ^= 1;
        blocks.put(victim, tampered);
        assertThrows(IllegalArgumentException.class, () -> Mst.load(tree.root(), blocks::get));
        blocks.remove(victim);
        assertThrows(IllegalArgumentException.class, () -> Mst.load(tree.root(), blocks::get));
    }

    @Test
    void aRangeIsTheSortedKeysOfOneCollectionAfterACursor() {
        TreeMap<String, Cid> keys = randomKeys(new Random(3), 500);
        Mst tree = treeOf(keys.keySet());
        String prefix = "io.atcr.hold.layer/";
        List<String> all = keys.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
        assertEquals(all, tree.range(prefix, null, 10_000).stream().map(Map.Entry::getKey).toList());
        String cursor = all.get(all.size() / 2);
        assertEquals(all.subList(all.size() / 2 + 1, Math.min(all.size(), all.size() / 2 + 26)),
                tree.range(prefix, cursor, 25).stream().map(Map.Entry::getKey).toList());
        assertEquals(List.of(), tree.range("io.atcr.hold.none/", null, 10));
    }

    @Test
    void aDescendingRangeIsTheReverseSortedKeysOfOneCollectionBeforeACursorPageByPage() {
        TreeMap<String, Cid> keys = randomKeys(new Random(4), 800);
        Mst tree = treeOf(keys.keySet());
        for (String prefix : List.of("io.atcr.hold.layer/", "io.atcr.hold.crew/", "io.atcr.hold.captain/")) {
            List<String> expected = new java.util.ArrayList<>(keys.keySet().stream().filter(k -> k.startsWith(prefix)).toList());
            java.util.Collections.reverse(expected);
            List<String> paged = new java.util.ArrayList<>();
            String cursor = null;
            while (true) {
                List<String> page = tree.rangeDescending(prefix, cursor, 7).stream().map(Map.Entry::getKey).toList();
                if (page.isEmpty()) {
                    break;
                }
                paged.addAll(page);
                cursor = page.get(page.size() - 1);
            }
            assertEquals(expected, paged, prefix);
        }
        assertEquals(List.of(), tree.rangeDescending("io.atcr.hold.none/", null, 10));
    }

    @Test
    void aStoredTreeReadsOnlyThePathsItIsAskedForAndChangesAsTheTreeInMemory() {
        TreeMap<String, Cid> keys = randomKeys(new Random(5), 2000);
        Mst tree = treeOf(keys.keySet());
        Map<Cid, byte[]> blocks = tree.blocks();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        Mst stored = Mst.stored(tree.root(), cid -> {
            reads.incrementAndGet();
            return blocks.get(cid);
        });
        String key = keys.keySet().stream().skip(777).findFirst().orElseThrow();
        assertEquals(tree.get(key), stored.get(key));
        assertTrue(reads.get() <= 12, "a lookup reads its path only: " + reads.get() + " of " + blocks.size() + " nodes");
        Mst changed = stored.put("io.atcr.hold.crew/3zzz", VALUE).delete(key);
        assertEquals(tree.put("io.atcr.hold.crew/3zzz", VALUE).delete(key).root(), changed.root());
        assertTrue(reads.get() < blocks.size() / 4, "a change reads its paths only: " + reads.get());
        List<String> all = new ArrayList<>();
        stored.forEach((k, v) -> all.add(k));
        assertEquals(new ArrayList<>(keys.keySet()), all);
        blocks.remove(tree.root());
        assertThrows(RepositoryDamaged.class, () -> Mst.stored(tree.root(), blocks::get));
    }

    @Test
    void onlyTheChangedPathIsUnstoredAfterACommit() {
        Mst tree = treeOf(randomKeys(new Random(4), 1000).keySet());
        tree.markStored();
        assertEquals(0, tree.unstoredBlocks().size());
        Mst next = tree.put("io.atcr.hold.crew/3new", VALUE);
        int changed = next.unstoredBlocks().size();
        assertTrue(changed >= 1 && changed <= 12, "a put rewrites a path, not the tree: " + changed);
        assertEquals(next.blocks().keySet().stream().filter(c -> !tree.blocks().containsKey(c)).count(), changed);
    }
}
