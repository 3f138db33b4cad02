package io.atcr.hold.repo;

import io.atcr.hold.record.Sha256;
import io.atcr.hold.record.Cid;
import io.atcr.hold.record.DagCbor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable ATProto Merkle Search Tree (fanout 4) mapping keys ({@code COLLECTION/RKEY}) to record CIDs. A key's
 * layer is the number of leading zero bit pairs of its SHA-256; the tree's shape depends only on its keys, so equal
 * key sets have equal roots. {@link #put} and {@link #delete} copy only the nodes on the changed path; the others, and
 * their cached CIDs, are shared with the tree before.
 */
public final class Mst {
    private static final Mst EMPTY = new Mst(null);
    private static final byte[] EMPTY_NODE = DagCbor.encode(emptyNode());

    private final MstNode root;

    private Mst(MstNode root) {
        this.root = root;
    }

    public static Mst empty() {
        return EMPTY;
    }

    /** The layer of {@code key}: leading zero bits of SHA-256(key), counted in pairs. */
    public static int height(String key) {
        byte[] hash = Sha256.of(key);
        int zeros = 0;
        for (byte b : hash) {
            if (b == 0) {
                zeros += 8;
                continue;
            }
            zeros += Integer.numberOfLeadingZeros(b & 0xff) - 24;
            break;
        }
        return zeros / 2;
    }

    /** The root node's CID (the empty tree's is the CID of {@code {l: null, e: []}}). */
    public Cid root() {
        return root == null ? Cid.ofDagCbor(EMPTY_NODE) : root.cid();
    }

    public boolean isEmpty() {
        return root == null;
    }

    public Optional<Cid> get(String key) {
        MstNode node = root;
        while (node != null) {
            int i = node.position(key);
            if (i < node.keys().size() && node.keys().get(i).equals(key)) {
                return Optional.of(node.values().get(i));
            }
            node = node.gaps().get(i);
        }
        return Optional.empty();
    }

    /** This tree with {@code key} set to {@code value}. */
    public Mst put(String key, Cid value) {
        int height = height(key);
        if (root == null) {
            return new Mst(MstNode.leaf(height, key, value));
        }
        MstNode top = root;
        while (top.layer < height) {
            top = MstNode.above(top);
        }
        return new Mst(insert(top, key, value, height));
    }

    private static MstNode insert(MstNode node, String key, Cid value, int height) {
        int i = node.position(key);
        List<String> keys = new ArrayList<>(node.keys());
        List<Cid> values = new ArrayList<>(node.values());
        List<MstNode> gaps = new ArrayList<>(node.gaps());
        if (height == node.layer) {
            if (i < keys.size() && keys.get(i).equals(key)) {
                values.set(i, value);
            } else {
                MstNode[] halves = split(gaps.get(i), key);
                keys.add(i, key);
                values.add(i, value);
                gaps.set(i, halves[0]);
                gaps.add(i + 1, halves[1]);
            }
        } else {
            MstNode child = gaps.get(i) == null ? empty(node.layer - 1) : gaps.get(i);
            gaps.set(i, insert(child, key, value, height));
        }
        return new MstNode(node.layer, keys, values, gaps);
    }

    private static MstNode empty(int layer) {
        return new MstNode(layer, List.of(), List.of(), java.util.Arrays.asList((MstNode) null));
    }

    /** Splits a subtree into the part below {@code key} and the part above it; either may be null. */
    private static MstNode[] split(MstNode node, String key) {
        if (node == null) {
            return new MstNode[] {null, null};
        }
        int i = node.position(key);
        MstNode[] inner = split(node.gaps().get(i), key);
        List<MstNode> lowGaps = new ArrayList<>(node.gaps().subList(0, i));
        lowGaps.add(inner[0]);
        List<MstNode> highGaps = new ArrayList<>();
        highGaps.add(inner[1]);
        highGaps.addAll(node.gaps().subList(i + 1, node.gaps().size()));
        MstNode low = new MstNode(node.layer, node.keys().subList(0, i), node.values().subList(0, i), lowGaps);
        MstNode high = new MstNode(node.layer, node.keys().subList(i, node.keys().size()),
                node.values().subList(i, node.values().size()), highGaps);
        return new MstNode[] {MstNode.orNull(low), MstNode.orNull(high)};
    }

    /** This tree without {@code key} (the same tree when it has no such key). */
    public Mst delete(String key) {
        if (get(key).isEmpty()) {
            return this;
        }
        MstNode top = remove(root, key, height(key));
        // The root is the highest layer that holds a key.
        while (top != null && top.keys().isEmpty()) {
            top = top.gaps().get(0);
        }
        return top == null ? EMPTY : new Mst(top);
    }

    private static MstNode remove(MstNode node, String key, int height) {
        int i = node.position(key);
        List<String> keys = new ArrayList<>(node.keys());
        List<Cid> values = new ArrayList<>(node.values());
        List<MstNode> gaps = new ArrayList<>(node.gaps());
        if (height == node.layer) {
            keys.remove(i);
            values.remove(i);
            MstNode merged = merge(gaps.get(i), gaps.get(i + 1));
            gaps.remove(i + 1);
            gaps.set(i, merged);
        } else {
            gaps.set(i, remove(gaps.get(i), key, height));
        }
        return MstNode.orNull(new MstNode(node.layer, keys, values, gaps));
    }

    /** Joins two neighbouring subtrees of one layer, all keys of {@code low} below those of {@code high}. */
    private static MstNode merge(MstNode low, MstNode high) {
        if (low == null) {
            return high;
        }
        if (high == null) {
            return low;
        }
        List<String> keys = new ArrayList<>(low.keys());
        keys.addAll(high.keys());
        List<Cid> values = new ArrayList<>(low.values());
        values.addAll(high.values());
        List<MstNode> gaps = new ArrayList<>(low.gaps().subList(0, low.gaps().size() - 1));
        gaps.add(merge(low.gaps().get(low.gaps().size() - 1), high.gaps().get(0)));
        gaps.addAll(high.gaps().subList(1, high.gaps().size()));
        return new MstNode(low.layer, keys, values, gaps);
    }

    /**
     * Reads the tree rooted at {@code root} from {@code blocks}, checking its shape on the way: every block's CID,
     * keys sorted and within their parent's range, each node's keys of its layer and its subtrees one layer down.
     *
     * @throws IllegalArgumentException when a block is missing, does not match its CID, or the tree is malformed
     */
    public static Mst load(Cid root, java.util.function.Function<Cid, byte[]> blocks) {
        byte[] block = blocks.apply(root);
        if (block != null && java.util.Arrays.equals(block, EMPTY_NODE) && root.equals(Cid.ofDagCbor(EMPTY_NODE))) {
            return EMPTY;
        }
        MstNode node = MstLoader.load(root, -1, null, null, blocks);
        if (node.keys().isEmpty()) {
            throw new IllegalArgumentException("the MST root " + root + " holds no key: the tree is not canonical");
        }
        return new Mst(node);
    }

    /**
     * The tree rooted at {@code root}, its nodes read from {@code blocks} as they are first needed: a lookup or a
     * change reads only its path. Unlike {@link #load} it checks each node only against its CID.
     *
     * @throws RepositoryDamaged when a node it needs is missing or altered
     */
    public static Mst stored(Cid root, java.util.function.Function<Cid, byte[]> blocks) {
        if (root.equals(Cid.ofDagCbor(EMPTY_NODE))) {
            return EMPTY;
        }
        return new Mst(MstNode.stored(-1, root, blocks));
    }

    /** The node blocks no storage holds yet, root first: what a commit of this tree writes. Marks nothing. */
    public Map<Cid, byte[]> unstoredBlocks() {
        Map<Cid, byte[]> out = new java.util.LinkedHashMap<>();
        if (root == null) {
            out.put(root(), EMPTY_NODE);
        }
        unstored(root, out);
        return out;
    }

    private static void unstored(MstNode node, Map<Cid, byte[]> out) {
        if (node == null || node.stored || out.containsKey(node.cid())) {
            return;
        }
        out.put(node.cid(), node.block());
        node.gaps().forEach(gap -> unstored(gap, out));
    }

    /** Marks every node of the tree as stored, once its blocks are committed. */
    public void markStored() {
        markStored(root);
    }

    private static void markStored(MstNode node) {
        if (node == null || node.stored) {
            return;
        }
        node.stored = true;
        node.gaps().forEach(Mst::markStored);
    }

    /**
     * Up to {@code limit} entries whose keys start with {@code prefix} and come after {@code after} (exclusive; from
     * the start when null), in key order. Visits only the subtrees that can hold such keys.
     */
    public List<Map.Entry<String, Cid>> range(String prefix, String after, int limit) {
        List<Map.Entry<String, Cid>> out = new ArrayList<>();
        String from = after == null || after.compareTo(prefix) < 0 ? prefix : after;
        range(root, prefix, from, after != null && from.equals(after), limit, out);
        return out;
    }

    private static void range(MstNode node, String prefix, String from, boolean exclusive, int limit,
                              List<Map.Entry<String, Cid>> out) {
        if (node == null || out.size() >= limit) {
            return;
        }
        for (int i = node.position(from); i <= node.keys().size() && out.size() < limit; i++) {
            range(node.gaps().get(i), prefix, from, exclusive, limit, out);
            if (i == node.keys().size() || out.size() >= limit) {
                return;
            }
            String key = node.keys().get(i);
            if (!key.startsWith(prefix)) {
                if (key.compareTo(prefix) > 0) {
                    return;
                }
                continue;
            }
            if (!(exclusive && key.equals(from))) {
                out.add(Map.entry(key, node.values().get(i)));
            }
        }
    }

    /**
     * Up to {@code limit} entries whose keys start with {@code prefix} and come before {@code before} (exclusive; from
     * the end when null), in reverse key order. Visits only the subtrees that can hold such keys.
     */
    public List<Map.Entry<String, Cid>> rangeDescending(String prefix, String before, int limit) {
        List<Map.Entry<String, Cid>> out = new ArrayList<>();
        // Keys are ASCII: every key of the prefix sorts below the prefix followed by the highest character.
        String upper = before == null || before.compareTo(prefix + Character.MAX_VALUE) > 0
                ? prefix + Character.MAX_VALUE : before;
        descend(root, prefix, upper, limit, out);
        return out;
    }

    private static void descend(MstNode node, String prefix, String upper, int limit, List<Map.Entry<String, Cid>> out) {
        if (node == null || out.size() >= limit) {
            return;
        }
        // keys[0 .. p-1] sort below upper; gap p lies between keys[p-1] and keys[p], so it may hold some too.
        for (int i = node.position(upper); i >= 0 && out.size() < limit; i--) {
            descend(node.gaps().get(i), prefix, upper, limit, out);
            if (i == 0 || out.size() >= limit) {
                return;
            }
            String key = node.keys().get(i - 1);
            if (!key.startsWith(prefix)) {
                if (key.compareTo(prefix) < 0) {
                    return; // everything further left sorts below the prefix
                }
                continue;
            }
            out.add(Map.entry(key, node.values().get(i - 1)));
        }
    }

    /** Every (key, value) in key order. */
    public void forEach(BiConsumer<String, Cid> action) {
        walk(root, action);
    }

    private static void walk(MstNode node, BiConsumer<String, Cid> action) {
        if (node == null) {
            return;
        }
        for (int i = 0; i < node.keys().size(); i++) {
            walk(node.gaps().get(i), action);
            action.accept(node.keys().get(i), node.values().get(i));
        }
        walk(node.gaps().get(node.keys().size()), action);
    }

    /** Every node block of the tree, root first, depth first, keyed by CID. */
    public Map<Cid, byte[]> blocks() {
        Map<Cid, byte[]> out = new java.util.LinkedHashMap<>();
        if (root == null) {
            out.put(root(), EMPTY_NODE);
        } else {
            collect(root, out, Set.of());
        }
        return out;
    }

    private static void collect(MstNode node, Map<Cid, byte[]> out, Set<Cid> known) {
        if (node == null || known.contains(node.cid()) || out.containsKey(node.cid())) {
            return;
        }
        out.put(node.cid(), node.block());
        node.gaps().forEach(gap -> collect(gap, out, known));
    }

    /** The root node, for the proofs built over the tree; null for the empty tree. */
    MstNode rootNode() {
        return root;
    }

    /** The empty tree's node block. */
    static byte[] emptyBlock() {
        return EMPTY_NODE;
    }

    private static Map<String, Object> emptyNode() {
        Map<String, Object> node = new java.util.LinkedHashMap<>();
        node.put("l", null);
        node.put("e", List.of());
        return node;
    }
}
