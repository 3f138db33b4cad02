package io.atcr.hold.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running SHA-256 of each upload's parts 1, 2, 3, … as they arrive in order, so that {@code completeUpload}
 * need not read the parts again to hash them (hashing, not the disk, bounds an upload's speed). Parts that arrive
 * out of order, or again, break the chain from there; the join then hashes the rest itself. Kept in memory only:
 * after a restart the join hashes everything. Thread-safe.
 */
final class PartChain {
    /** A hashed part: its etag, and the digest state after it. */
    private record Link(String etag, MessageDigest after) {
    }

    /** What a part writer hashes into; {@code digest} is null when the part does not continue the chain. */
    record Start(MessageDigest digest, Link previous) {
    }

    private final Map<String, List<Link>> chains = new ConcurrentHashMap<>();

    /** Called as part {@code partNumber} starts: a digest to continue when the part extends the chain. */
    Start begin(String uploadId, int partNumber) {
        List<Link> chain = chains.computeIfAbsent(uploadId, id -> new ArrayList<>());
        synchronized (chain) {
            if (chain.size() != partNumber - 1) {
                return new Start(null, null);
            }
            Link previous = chain.isEmpty() ? null : chain.get(chain.size() - 1);
            return new Start(previous == null ? sha256() : copy(previous.after), previous);
        }
    }

    /** Called once part {@code partNumber} is stored with {@code etag}. */
    void finish(String uploadId, int partNumber, String etag, Start start) {
        List<Link> chain = chains.computeIfAbsent(uploadId, id -> new ArrayList<>());
        synchronized (chain) {
            // A part stored again replaces the old one: the chain from that part on no longer holds.
            while (chain.size() >= partNumber) {
                chain.remove(chain.size() - 1);
            }
            boolean extends_ = start.digest() != null && chain.size() == partNumber - 1
                    && (chain.isEmpty() ? start.previous() == null : chain.get(chain.size() - 1) == start.previous());
            if (extends_) {
                chain.add(new Link(etag, copy(start.digest())));
            }
        }
    }

    /**
     * How far the chain covers the listed parts: the number {@code k} of leading parts that are parts 1…k with the
     * chain's etags, and a digest over them (fresh when k is 0) that the caller may continue.
     */
    Covered covered(String uploadId, List<CompletedPart> parts) {
        List<Link> chain = chains.getOrDefault(uploadId, List.of());
        synchronized (chain) {
            int k = 0;
            while (k < parts.size() && k < chain.size() && parts.get(k).partNumber() == k + 1
                    && parts.get(k).etag().equals(chain.get(k).etag())) {
                k++;
            }
            return new Covered(k, k == 0 ? sha256() : copy(chain.get(k - 1).after()));
        }
    }

    /** The first {@code parts} parts are hashed into {@code digest}. */
    record Covered(int parts, MessageDigest digest) {
    }

    void forget(String uploadId) {
        chains.remove(uploadId);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests of this JVM cannot be copied", e);
        }
    }
}
