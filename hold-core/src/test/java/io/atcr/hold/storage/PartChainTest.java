package io.atcr.hold.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.record.Sha256;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chain of in-order parts: which parts may be appended, and the digest it hands a completion. */
class PartChainTest {
    private final PartChain chain = new PartChain();

    /** Appends a part as the driver does: begin, hash the bytes into the granted digest, finish. */
    private PartChain.Start append(String upload, int part, long dataSize, byte[] bytes, String etag) {
        PartChain.Start start = chain.begin(upload, part, dataSize);
        if (start.append()) {
            start.digest().update(bytes);
        }
        chain.finish(upload, part, start, etag, bytes.length);
        return start;
    }

    @Test
    void partsInOrderAreAppendedAndCoverTheirDigest() {
        byte[] one = {1, 2, 3};
        byte[] two = {4, 5};
        assertTrue(append("u", 1, 0, one, "e1").append());
        assertTrue(append("u", 2, 3, two, "e2").append());
        PartChain.Covered covered = chain.covered("u", List.of(new CompletedPart(1, "e1"), new CompletedPart(2, "e2")));
        assertEquals(2, covered.parts());
        assertEquals(5, covered.end());
        MessageDigest whole = Sha256.newDigest();
        whole.update(one);
        whole.update(two);
        assertArrayEquals(whole.digest(), covered.digest().digest());
    }

    @Test
    void aPartOutOfOrderOrAtAnotherOffsetIsStoredApart() {
        assertFalse(chain.begin("u", 2, 0).append(), "part 2 before part 1");
        append("u", 1, 0, new byte[] {1}, "e1");
        assertFalse(chain.begin("u", 2, 5).append(), "the data file does not end where the chain does");
    }

    @Test
    void onlyOnePartIsAppendedAtATime() {
        PartChain.Start first = chain.begin("u", 1, 0);
        assertTrue(first.append());
        assertFalse(chain.begin("u", 1, 0).append(), "the same part sent again while the first is appended");
        chain.finish("u", 1, first, null, -1); // the first failed: the append is released, nothing chained
        assertTrue(chain.begin("u", 1, 0).append());
    }

    @Test
    void aPartSentAgainBreaksTheChainFromThere() {
        append("u", 1, 0, new byte[] {1}, "e1");
        append("u", 2, 1, new byte[] {2}, "e2");
        append("u", 3, 2, new byte[] {3}, "e3");
        append("u", 2, 3, new byte[] {9}, "e2b"); // sent again: stored apart, the chain keeps part 1 only
        PartChain.Covered covered = chain.covered("u",
                List.of(new CompletedPart(1, "e1"), new CompletedPart(2, "e2b"), new CompletedPart(3, "e3")));
        assertEquals(1, covered.parts());
        assertEquals(1, covered.end());
    }

    @Test
    void aCompletionWithOtherEtagsIsCoveredOnlyAsFarAsTheyMatch() {
        append("u", 1, 0, new byte[] {1}, "e1");
        append("u", 2, 1, new byte[] {2}, "e2");
        assertEquals(0, chain.covered("u", List.of(new CompletedPart(1, "other"))).parts());
        assertEquals(1, chain.covered("u", List.of(new CompletedPart(1, "e1"), new CompletedPart(2, "x"))).parts());
        chain.forget("u");
        assertEquals(0, chain.covered("u", List.of(new CompletedPart(1, "e1"))).parts(), "after a restart");
    }
}
