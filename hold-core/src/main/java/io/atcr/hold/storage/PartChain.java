package io.atcr.hold.storage;

import io.atcr.hold.record.Sha256;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each upload's in-order parts 1, 2, 3, …, appended one after the other to the upload's data file, with the running
 * SHA-256 after each. When {@code completeUpload} lists exactly such a chain, the data file is the blob and its digest
 * is known: completing is a rename. Parts out of order, sent again, or sent while another part is being appended
 * go to files of their own and break the chain from there; the join then copies and hashes. Only one part is appended
 * at a time, always at the end of the data file, so appended bytes are never written twice. Kept in memory: after
 * a restart the join hashes everything. Thread-safe.
 */
final class PartChain {
    /** An appended part: its etag, where it lies in the data file, and the digest state after it. */
    private record Link(String etag, long offset, long length, MessageDigest after) {
        long end() {
            return offset + length;
        }
    }

    private static final class State {
        final List<Link> links = new ArrayList<>();
        boolean appending;

        long end() {
            return links.isEmpty() ? 0 : links.get(links.size() - 1).end();
        }
    }

    /** How to store one part: appended at {@code offset} of the data file (hashing into {@code digest}), or not. */
    record Start(boolean append, long offset, MessageDigest digest, Link previous) {
        static final Start SEPARATE = new Start(false, -1, null, null);
    }

    /** The chain's cover of a completion's parts: the first {@code parts} are links, hashed into {@code digest}. */
    record Covered(int parts, MessageDigest digest, long end) {
    }

    private final Map<String, State> chains = new ConcurrentHashMap<>();

    /**
     * Called as part {@code partNumber} starts, with the data file's current size. Grants the append when the part
     * continues the chain, the data file ends where the chain ends, and no other part is being appended.
     */
    Start begin(String uploadId, int partNumber, long dataSize) {
        State state = chains.computeIfAbsent(uploadId, id -> new State());
        synchronized (state) {
            if (state.appending || state.links.size() != partNumber - 1 || state.end() != dataSize) {
                return Start.SEPARATE;
            }
            state.appending = true;
            Link previous = state.links.isEmpty() ? null : state.links.get(state.links.size() - 1);
            return new Start(true, state.end(), previous == null ? sha256() : copy(previous.after()), previous);
        }
    }

    /** Called when part {@code partNumber} is stored ({@code length} bytes, {@code etag}), or failed (etag null). */
    void finish(String uploadId, int partNumber, Start start, String etag, long length) {
        State state = chains.computeIfAbsent(uploadId, id -> new State());
        synchronized (state) {
            if (start.append()) {
                state.appending = false;
            }
            if (etag == null) {
                return;
            }
            // A part stored again replaces the old one: the chain from that part on no longer holds.
            while (state.links.size() >= partNumber) {
                state.links.remove(state.links.size() - 1);
            }
            boolean continues = state.links.isEmpty() ? start.previous() == null
                    : state.links.get(state.links.size() - 1) == start.previous();
            if (start.append() && continues && state.links.size() == partNumber - 1) {
                state.links.add(new Link(etag, start.offset(), length, copy(start.digest())));
            }
        }
    }

    /** How many leading listed parts are the chain's parts 1…k with the same etags, and the digest over them. */
    Covered covered(String uploadId, List<CompletedPart> parts) {
        State state = chains.getOrDefault(uploadId, new State());
        synchronized (state) {
            int k = 0;
            while (k < parts.size() && k < state.links.size() && parts.get(k).partNumber() == k + 1
                    && parts.get(k).etag().equals(state.links.get(k).etag())) {
                k++;
            }
            return k == 0 ? new Covered(0, sha256(), 0)
                    : new Covered(k, copy(state.links.get(k - 1).after()), state.links.get(k - 1).end());
        }
    }

    void forget(String uploadId) {
        chains.remove(uploadId);
    }

    static MessageDigest sha256() {
        return Sha256.newDigest();
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests of this JVM cannot be copied", e);
        }
    }
}
