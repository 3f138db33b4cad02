package io.atcr.hold.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Low-S: s up to n/2 is canonical, anything above is refused, on both curves. */
class KeyAlgorithmTest {
    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void halfTheOrderIsLowAndOneMoreIsHigh(KeyAlgorithm algorithm) {
        BigInteger half = algorithm.order().shiftRight(1);
        assertFalse(algorithm.isHighS(half));
        assertTrue(algorithm.isHighS(half.add(BigInteger.ONE)));
        assertFalse(algorithm.isHighS(BigInteger.ONE));
    }
}
