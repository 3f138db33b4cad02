package io.atcr.hold.identity;

import io.atcr.hold.record.Sha256;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * ATProto's signatures outside JWTs (repository commits): ECDSA over the SHA-256 of the message, as 64 bytes
 * {@code r||s} with a low S. A DER-encoded or high-S signature never verifies.
 */
public final class Signatures {
    private Signatures() {
    }

    /** Whether {@code signature} has ATProto's form for {@code algorithm}: 64 bytes, r and s in [1, n), s low. */
    public static boolean wellFormed(KeyAlgorithm algorithm, byte[] signature) {
        if (signature.length != 64) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        return r.signum() > 0 && s.signum() > 0 && r.compareTo(algorithm.order()) < 0 && !algorithm.isHighS(s);
    }

    /** Whether {@code signature} signs {@code message} under {@code key}. */
    public static boolean verify(Multikey key, byte[] message, byte[] signature) {
        if (!wellFormed(key.algorithm(), signature)) {
            return false;
        }
        if (key.algorithm() == KeyAlgorithm.ES256K && NativeSecp256k1.available()) {
            return NativeSecp256k1.verify(signature, message, key.compressed());
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(key.algorithm().spec().getCurve().decodePoint(key.compressed()),
                domain(key.algorithm())));
        return verifier.verifySignature(sha256(message), new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)));
    }

    /**
     * Signs {@code message} with the private scalar {@code secret}: deterministic (RFC 6979) ECDSA over its SHA-256,
     * normalised to low S, as 64 bytes {@code r||s}.
     */
    public static byte[] sign(KeyAlgorithm algorithm, BigInteger secret, byte[] message) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(secret, domain(algorithm)));
        BigInteger[] rs = signer.generateSignature(sha256(message));
        BigInteger s = algorithm.isHighS(rs[1]) ? algorithm.order().subtract(rs[1]) : rs[1];
        byte[] out = new byte[64];
        copy32(rs[0], out, 0);
        copy32(s, out, 32);
        return out;
    }

    private static void copy32(BigInteger n, byte[] out, int offset) {
        byte[] bytes = n.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, offset + 32 - length, length);
    }

    private static ECDomainParameters domain(KeyAlgorithm algorithm) {
        return new ECDomainParameters(algorithm.spec().getCurve(), algorithm.spec().getG(), algorithm.spec().getN(),
                algorithm.spec().getH());
    }

    private static byte[] sha256(byte[] message) {
        return Sha256.of(message);
    }
}
