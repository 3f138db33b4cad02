package io.atcr.hold.identity;

import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A public key as ATProto DID documents publish it ({@code Multikey}, {@code publicKeyMultibase}): multibase
 * {@code z} (base58btc) of the multicodec varint of the key type followed by the 33-byte compressed point.
 */
public record Multikey(KeyAlgorithm algorithm, ECPublicKey publicKey) {
    private static final int COMPRESSED_POINT_BYTES = 33;
    /** secp256k1's generator G, compressed: a valid public key to exercise a library with. */
    static final byte[] GENERATOR_SECP256K1 = java.util.HexFormat.of()
            .parseHex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");

    /**
     * Decodes {@code publicKeyMultibase}.
     *
     * @throws IllegalArgumentException saying what is wrong: not base58btc, an unknown key type, a bad point
     */
    public static Multikey decode(String multibase) {
        if (multibase == null || multibase.length() < 2 || multibase.charAt(0) != 'z') {
            throw new IllegalArgumentException("publicKeyMultibase must be base58btc, starting with 'z'");
        }
        byte[] bytes = Base58.decode(multibase.substring(1));
        int[] varint = readVarint(bytes);
        KeyAlgorithm algorithm = KeyAlgorithm.ofMulticodec(varint[0]).orElseThrow(() -> new IllegalArgumentException(
                "key type 0x" + Integer.toHexString(varint[0]) + " is neither secp256k1-pub nor p256-pub"));
        byte[] point = Arrays.copyOfRange(bytes, varint[1], bytes.length);
        if (point.length != COMPRESSED_POINT_BYTES || (point[0] != 2 && point[0] != 3)) {
            throw new IllegalArgumentException("the key must be a 33-byte compressed point");
        }
        return new Multikey(algorithm, publicKey(algorithm, point));
    }

    /** The public key of the private scalar {@code secret} (the hold's own signing key). */
    public static Multikey ofPrivate(KeyAlgorithm algorithm, BigInteger secret) {
        return new Multikey(algorithm, publicKey(algorithm, algorithm.spec().getG().multiply(secret).normalize().getEncoded(true)));
    }

    /** The {@code publicKeyMultibase} of this key. */
    public String encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = algorithm.multicodec();
        while (code >= 0x80) {
            out.write((code & 0x7f) | 0x80);
            code >>>= 7;
        }
        out.write(code);
        out.writeBytes(compressed());
        return "z" + Base58.encode(out.toByteArray());
    }

    /** The 33-byte compressed point (SEC 1): 02 or 03 by the parity of y, then x. */
    public byte[] compressed() {
        BigInteger y = publicKey.getW().getAffineY();
        byte[] x = publicKey.getW().getAffineX().toByteArray();
        byte[] out = new byte[COMPRESSED_POINT_BYTES];
        out[0] = (byte) (y.testBit(0) ? 3 : 2);
        int len = Math.min(x.length, 32);
        System.arraycopy(x, x.length - len, out, COMPRESSED_POINT_BYTES - len, len);
        return out;
    }

    /** {code, length} of the unsigned varint at the start of {@code bytes}. */
    private static int[] readVarint(byte[] bytes) {
        int value = 0;
        for (int i = 0; i < Math.min(bytes.length, 3); i++) {
            value |= (bytes[i] & 0x7f) << (7 * i);
            if ((bytes[i] & 0x80) == 0) {
                return new int[] {value, i + 1};
            }
        }
        throw new IllegalArgumentException("publicKeyMultibase does not start with a multicodec key type");
    }

    private static ECPublicKey publicKey(KeyAlgorithm algorithm, byte[] compressed) {
        try {
            ECPoint point = algorithm.spec().getCurve().decodePoint(compressed); // checks the point is on the curve
            KeyFactory factory = KeyFactory.getInstance("EC", BouncyCastleProviderSingleton.getInstance());
            return (ECPublicKey) factory.generatePublic(new ECPublicKeySpec(point, algorithm.spec()));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the key is not a point on " + algorithm.curve() + ": " + e.getMessage());
        }
    }
}
