package io.atcr.hold.repo;

import io.atcr.hold.record.Cid;
import io.atcr.hold.record.DagCbor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads MST nodes from their blocks, checking each against its CID and the tree's rules. */
final class MstLoader {
    private MstLoader() {
    }

    /**
     * The node {@code cid} and its subtrees; {@code layer} is what its parent implies (-1 for the root), and every key
     * must lie strictly between {@code low} and {@code high} (null: unbounded).
     */
    static MstNode load(Cid cid, int layer, String low, String high, Function<Cid, byte[]> blocks) {
        byte[] block = blocks.apply(cid);
        if (block == null) {
            throw new IllegalArgumentException("the MST node " + cid + " is missing");
        }
        Decoded node = decode(cid, block);
        List<String> keys = node.keys();
        List<Cid> values = node.values();
        List<Cid> gapCids = node.links();
        int nodeLayer = keys.isEmpty() ? layer : Mst.height(keys.get(0));
        check(cid, keys, nodeLayer, layer, low, high);
        List<MstNode> gaps = new ArrayList<>();
        for (int i = 0; i < gapCids.size(); i++) {
            Cid gap = gapCids.get(i);
            if (gap != null && nodeLayer == 0) {
                throw new IllegalArgumentException("the MST node " + cid + " at layer 0 has a subtree");
            }
            String gapLow = i == 0 ? low : keys.get(i - 1);
            String gapHigh = i == keys.size() ? high : keys.get(i);
            gaps.add(gap == null ? null : load(gap, nodeLayer - 1, gapLow, gapHigh, blocks));
        }
        MstNode loaded = new MstNode(nodeLayer, keys, values, gaps);
        if (!Arrays.equals(loaded.block(), block)) {
            throw new IllegalArgumentException("the MST node " + cid + " is not in canonical form");
        }
        loaded.stored = true;
        return loaded;
    }

    private static void check(Cid cid, List<String> keys, int nodeLayer, int layer, String low, String high) {
        if (layer >= 0 && nodeLayer != layer) {
            throw new IllegalArgumentException("the MST node " + cid + " is at layer " + nodeLayer + " where " + layer + " belongs");
        }
        if (nodeLayer < 0) {
            throw new IllegalArgumentException("the MST node " + cid + " has neither keys nor a known layer");
        }
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (Mst.height(key) != nodeLayer) {
                throw new IllegalArgumentException("the key " + key + " does not belong at layer " + nodeLayer);
            }
            String before = i == 0 ? low : keys.get(i - 1);
            if ((before != null && before.compareTo(key) >= 0) || (high != null && key.compareTo(high) >= 0)) {
                throw new IllegalArgumentException("the MST keys around " + key + " are out of order");
            }
        }
    }

    /** A node block's parts: its keys (prefixes expanded), their values, and its n + 1 subtree links (or nulls). */
    record Decoded(List<String> keys, List<Cid> values, List<Cid> links) {
    }

    /**
     * Decodes an MST node block, checked against its CID and the node's form {@code {l, e: [{p, k, v, t}]}}.
     *
     * @throws IllegalArgumentException when the block does not match its CID or is no MST node
     */
    static Decoded decode(Cid cid, byte[] block) {
        if (!cid.matches(block)) {
            throw new IllegalArgumentException("the MST node " + cid + " does not match its CID");
        }
        if (!(DagCbor.decode(block) instanceof Map<?, ?> node) || !(node.get("e") instanceof List<?> entries)
                || node.size() != 2 || !node.containsKey("l")) {
            throw new IllegalArgumentException("the block " + cid + " is not an MST node {l, e}");
        }
        List<String> keys = new ArrayList<>();
        List<Cid> values = new ArrayList<>();
        List<Cid> links = new ArrayList<>();
        links.add(link(node.get("l"), cid));
        byte[] previous = new byte[0];
        for (Object item : entries) {
            if (!(item instanceof Map<?, ?> entry) || !(entry.get("p") instanceof Long prefix)
                    || !(entry.get("k") instanceof byte[] suffix) || !(entry.get("v") instanceof Cid value)
                    || prefix > previous.length) {
                throw new IllegalArgumentException("the MST node " + cid + " has a malformed entry");
            }
            byte[] key = new byte[prefix.intValue() + suffix.length];
            System.arraycopy(previous, 0, key, 0, prefix.intValue());
            System.arraycopy(suffix, 0, key, prefix.intValue(), suffix.length);
            keys.add(new String(key, StandardCharsets.UTF_8));
            values.add(value);
            links.add(link(entry.get("t"), cid));
            previous = key;
        }
        return new Decoded(keys, values, links);
    }

    private static Cid link(Object value, Cid node) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Cid link)) {
            throw new IllegalArgumentException("the MST node " + node + " links to something that is not a CID");
        }
        return link;
    }
}
