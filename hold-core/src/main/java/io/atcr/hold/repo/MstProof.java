package io.atcr.hold.repo;

import io.atcr.hold.record.Cid;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What proves a tree's keys to a reader who has only some of its blocks: a key's path, and a commit's inversion. */
public final class MstProof {
    private MstProof() {
    }

    /**
     * The node blocks that prove {@code key}'s presence or absence: the path from the root down to the key, or, for an
     * absent key, down through the gaps it would fall in to the bottom.
     */
    public static Map<Cid, byte[]> path(Mst tree, String key) {
        Map<Cid, byte[]> out = new java.util.LinkedHashMap<>();
        MstNode node = tree.rootNode();
        if (node == null) {
            out.put(tree.root(), Mst.emptyBlock());
        }
        while (node != null) {
            out.put(node.cid(), node.block());
            int i = node.position(key);
            if (i < node.keys().size() && node.keys().get(i).equals(key)) {
                break;
            }
            node = node.gaps().get(i);
        }
        return out;
    }

    /**
     * The node blocks a reader needs to undo the given changes on this tree and get the tree before (ATProto's commit
     * proof): for each key added, its path and the seam where its two neighbouring subtrees would merge; for each key
     * deleted, the path down to where it would be.
     */
    public static Collection<Cid> inversion(Mst tree, Collection<String> added, Collection<String> deleted) {
        Set<Cid> out = new LinkedHashSet<>();
        for (String key : deleted) {
            out.addAll(path(tree, key).keySet());
        }
        for (String key : added) {
            MstNode node = tree.rootNode();
            while (node != null) {
                out.add(node.cid());
                int i = node.position(key);
                if (i < node.keys().size() && node.keys().get(i).equals(key)) {
                    seam(node.gaps().get(i), node.gaps().get(i + 1), out);
                    break;
                }
                node = node.gaps().get(i);
            }
        }
        return out;
    }

    private static void seam(MstNode low, MstNode high, Set<Cid> out) {
        if (low != null) {
            out.add(low.cid());
        }
        if (high != null) {
            out.add(high.cid());
        }
        if (low != null && high != null) {
            seam(low.gaps().get(low.gaps().size() - 1), high.gaps().get(0), out);
        } else if (low != null) {
            spine(low, true, out);
        } else if (high != null) {
            spine(high, false, out);
        }
    }

    private static void spine(MstNode node, boolean rightmost, Set<Cid> out) {
        for (MstNode next = rightmost ? node.gaps().get(node.gaps().size() - 1) : node.gaps().get(0); next != null;
             next = rightmost ? next.gaps().get(next.gaps().size() - 1) : next.gaps().get(0)) {
            out.add(next.cid());
        }
    }
}
