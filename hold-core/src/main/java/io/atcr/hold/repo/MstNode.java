package io.atcr.hold.repo;

import io.atcr.hold.record.Cid;
import io.atcr.hold.record.DagCbor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One immutable node of a Merkle Search Tree at {@code layer}: {@code n} sorted keys with their values, and {@code n + 1}
 * gaps, the subtrees (at {@code layer - 1}, or null) before, between and after the keys. Its block and CID are computed
 * once, when first asked for. A node read from storage on demand ({@link #stored}) knows only its CID until its keys
 * are first asked for; then it reads its block, and its subtrees are such nodes in turn, so a change or a lookup reads
 * only the path it takes.
 */
final class MstNode {
    final int layer;
    private List<String> keys;
    private List<Cid> values;
    private List<MstNode> gaps;
    // Computed on first use by whichever thread asks; volatile so that a reader on another thread sees the whole value.
    private volatile byte[] block;
    private volatile Cid cid;
    /** Where a node read on demand finds its block; null for nodes built in memory and once read. */
    private Function<Cid, byte[]> source;
    /** Whether the node's block is in the repository's storage (nodes read from it are; new nodes are not yet). */
    volatile boolean stored;

    MstNode(int layer, List<String> keys, List<Cid> values, List<MstNode> gaps) {
        if (gaps.size() != keys.size() + 1 || values.size() != keys.size()) {
            throw new IllegalArgumentException("a node has one more gap than keys");
        }
        this.layer = layer;
        this.keys = List.copyOf(keys);
        this.values = List.copyOf(values);
        this.gaps = java.util.Collections.unmodifiableList(new ArrayList<>(gaps));
    }

    private MstNode(int layer, Cid cid, Function<Cid, byte[]> source) {
        this.layer = layer;
        this.cid = cid;
        this.source = source;
        this.stored = true;
    }

    /**
     * A stored node at {@code layer} (-1: the root, whose layer its first key tells), read from {@code source} when
     * first needed.
     *
     * @throws RepositoryDamaged when its block, once read, is missing or not an MST node of that CID
     */
    static MstNode stored(int layer, Cid cid, Function<Cid, byte[]> source) {
        if (layer >= 0) {
            return new MstNode(layer, cid, source);
        }
        MstNode probe = new MstNode(0, cid, source); // read once to learn the root's layer from its first key
        probe.read();
        if (probe.keys.isEmpty()) {
            throw new RepositoryDamaged("the MST root " + cid + " holds no key", null);
        }
        MstNode root = new MstNode(Mst.height(probe.keys.get(0)), cid, source);
        root.read();
        return root;
    }

    List<String> keys() {
        read();
        return keys;
    }

    List<Cid> values() {
        read();
        return values;
    }

    List<MstNode> gaps() {
        read();
        return gaps;
    }

    private synchronized void read() {
        if (keys != null) {
            return;
        }
        if (source == null) {
            throw new IllegalStateException("an MST node without keys or a source"); // never: the constructors set one
        }
        byte[] bytes = source.apply(cid);
        if (bytes == null) {
            throw new RepositoryDamaged("the MST node " + cid + " is missing", null);
        }
        MstLoader.Decoded node;
        try {
            node = MstLoader.decode(cid, bytes);
        } catch (IllegalArgumentException e) {
            throw new RepositoryDamaged(e.getMessage(), e);
        }
        List<MstNode> readGaps = new ArrayList<>();
        for (Cid link : node.links()) {
            readGaps.add(link == null ? null : new MstNode(layer - 1, link, source));
        }
        this.block = bytes;
        this.values = List.copyOf(node.values());
        this.gaps = java.util.Collections.unmodifiableList(readGaps);
        this.keys = List.copyOf(node.keys());
        this.source = null;
    }

    static MstNode leaf(int layer, String key, Cid value) {
        return new MstNode(layer, List.of(key), List.of(value), Arrays.asList(null, null));
    }

    /** A node with no keys and one subtree: what a layer between a key and its lower neighbours is. */
    static MstNode above(MstNode child) {
        return new MstNode(child.layer + 1, List.of(), List.of(), Arrays.asList(child));
    }

    /** Null for a node that holds nothing (no keys, no subtree), which the tree never keeps. */
    static MstNode orNull(MstNode node) {
        return node == null || (node.keys().isEmpty() && node.gaps().get(0) == null) ? null : node;
    }

    /** Where {@code key} is or would go: the index of the first key not below it. */
    int position(String key) {
        List<String> keys = keys();
        int low = 0;
        int high = keys.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (keys.get(mid).compareTo(key) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    byte[] block() {
        read();
        byte[] known = block;
        if (known == null) {
            known = DagCbor.encode(encoded());
            block = known;
        }
        return known;
    }

    Cid cid() {
        Cid known = cid;
        if (known == null) {
            known = Cid.ofDagCbor(block());
            cid = known;
        }
        return known;
    }

    private Map<String, Object> encoded() {
        List<String> keys = keys();
        List<Cid> values = values();
        List<MstNode> gaps = gaps();
        List<Object> entries = new ArrayList<>(keys.size());
        byte[] previous = new byte[0];
        for (int i = 0; i < keys.size(); i++) {
            byte[] key = keys.get(i).getBytes(StandardCharsets.UTF_8);
            int prefix = commonPrefix(previous, key);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("p", (long) prefix);
            entry.put("k", Arrays.copyOfRange(key, prefix, key.length));
            entry.put("v", values.get(i));
            entry.put("t", gaps.get(i + 1) == null ? null : gaps.get(i + 1).cid());
            entries.add(entry);
            previous = key;
        }
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("l", gaps.get(0) == null ? null : gaps.get(0).cid());
        node.put("e", entries);
        return node;
    }

    /** How many leading bytes two keys share. */
    static int commonPrefix(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }
}
