package io.atcr.hold.identity;

import io.atcr.hold.config.KeyFiles;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The hold's repository signing key: secp256k1, its private scalar kept in one file (32 raw bytes, or 64 hex digits
 * when an operator wrote it by hand), made at first start. Its public half is the {@code #atproto} key of the hold's
 * DID document. Never logged or printed.
 */
public final class HoldSigningKey {
    private static final int BYTES = 32;

    private final BigInteger secret;
    private final Multikey publicKey;

    private HoldSigningKey(BigInteger secret) {
        this.secret = secret;
        this.publicKey = Multikey.ofPrivate(KeyAlgorithm.ES256K, secret);
    }

    /**
     * Reads the key from {@code file}, making it (mode 600) when it does not exist.
     *
     * @throws IllegalStateException when the file holds no valid secp256k1 private key
     */
    public static HoldSigningKey loadOrCreate(Path file) {
        byte[] bytes = KeyFiles.readOrCreate(file, BYTES);
        BigInteger secret = new BigInteger(1, bytes.length == BYTES ? bytes : hex(file, bytes));
        if (secret.signum() == 0 || secret.compareTo(KeyAlgorithm.ES256K.order()) >= 0) {
            throw new IllegalStateException(file + " holds no valid secp256k1 private key");
        }
        return new HoldSigningKey(secret);
    }

    private static byte[] hex(Path file, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.US_ASCII).strip();
        if (!text.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalStateException(file + " holds " + bytes.length + " bytes: expected a secp256k1 private key "
                    + "as 32 raw bytes or 64 hex digits");
        }
        return HexFormat.of().parseHex(text);
    }

    /** The public key, as the DID document publishes it. */
    public Multikey publicKey() {
        return publicKey;
    }

    /** A low-S ECDSA signature (64 bytes r||s) over the SHA-256 of {@code message}. */
    public byte[] sign(byte[] message) {
        return Signatures.sign(KeyAlgorithm.ES256K, secret, message);
    }

    @Override
    public String toString() {
        return "HoldSigningKey(" + publicKey.encode() + ")"; // never the secret
    }
}
