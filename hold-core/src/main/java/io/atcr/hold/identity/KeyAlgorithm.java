package io.atcr.hold.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;

/** The two signing algorithms ATProto allows, with what it takes to decode and check their keys and signatures. */
public enum KeyAlgorithm {
    /** secp256k1, multicodec {@code secp256k1-pub} (0xe7). */
    ES256K(JWSAlgorithm.ES256K, Curve.SECP256K1, "secp256k1", 0xe7),
    /** P-256, multicodec {@code p256-pub} (0x1200). */
    ES256(JWSAlgorithm.ES256, Curve.P_256, "secp256r1", 0x1200);

    private final JWSAlgorithm jws;
    private final Curve curve;
    private final ECNamedCurveParameterSpec spec;
    private final int multicodec;
    private final BigInteger halfOrder;

    KeyAlgorithm(JWSAlgorithm jws, Curve curve, String curveName, int multicodec) {
        this.jws = jws;
        this.curve = curve;
        this.spec = ECNamedCurveTable.getParameterSpec(curveName);
        this.multicodec = multicodec;
        this.halfOrder = spec.getN().shiftRight(1);
    }

    public JWSAlgorithm jws() {
        return jws;
    }

    public Curve curve() {
        return curve;
    }

    /** BouncyCastle's parameters of the curve, for decoding points. */
    public ECNamedCurveParameterSpec spec() {
        return spec;
    }

    int multicodec() {
        return multicodec;
    }

    /**
     * Whether {@code s} is in the upper half of the group order. ATProto refuses such signatures: for every valid
     * {@code (r, s)} the pair {@code (r, n - s)} is valid too, and only the low one is canonical.
     */
    public boolean isHighS(BigInteger s) {
        return s.compareTo(halfOrder) > 0;
    }

    /** The group order n. */
    public BigInteger order() {
        return spec.getN();
    }

    public static Optional<KeyAlgorithm> of(JWSAlgorithm alg) {
        for (KeyAlgorithm a : values()) {
            if (a.jws.equals(alg)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    static Optional<KeyAlgorithm> ofMulticodec(int code) {
        for (KeyAlgorithm a : values()) {
            if (a.multicodec == code) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
