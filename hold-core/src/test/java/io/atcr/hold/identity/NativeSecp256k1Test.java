package io.atcr.hold.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

/** libsecp256k1 loads here and agrees with BouncyCastle on what a valid ES256K signature is. */
class NativeSecp256k1Test {
    private static final byte[] INPUT = "eyJhbGciOiJFUzI1NksifQ.eyJpc3MiOiJkaWQ6cGxjOngifQ".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theLibraryLoadsOnThisPlatform() {
        assertTrue(NativeSecp256k1.available(), "libsecp256k1 should load on Linux x86_64");
    }

    @Test
    void aSignatureBouncyCastleMadeVerifiesAndAChangedOneDoesNot() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastleProviderSingleton.getInstance());
        generator.initialize(new ECGenParameterSpec("secp256k1"));
        KeyPair pair = generator.generateKeyPair();
        Signature signer = Signature.getInstance("SHA256withPLAIN-ECDSA", BouncyCastleProviderSingleton.getInstance());
        signer.initSign(pair.getPrivate());
        signer.update(INPUT);
        byte[] signature = lowS(signer.sign());
        byte[] key = new Multikey(KeyAlgorithm.ES256K, (ECPublicKey) pair.getPublic()).compressed();
        assertTrue(NativeSecp256k1.verify(signature, INPUT, key));
        byte[] changed = signature.clone();
        changed[10] ^= 1;
        assertFalse(NativeSecp256k1.verify(changed, INPUT, key));
        assertFalse(NativeSecp256k1.verify(signature, "other".getBytes(StandardCharsets.US_ASCII), key));
        assertFalse(NativeSecp256k1.verify(highS(signature), INPUT, key), "high-S is refused, as ATProto requires");
        assertFalse(NativeSecp256k1.verify(new byte[5], INPUT, key), "malformed input is a refusal, not an error");
    }

    private static byte[] lowS(byte[] rs) {
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(rs, 32, 64));
        return KeyAlgorithm.ES256K.isHighS(s) ? highS(rs) : rs;
    }

    /** (r, n - s): the same signature's other half. */
    private static byte[] highS(byte[] rs) {
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(rs, 32, 64));
        byte[] flipped = KeyAlgorithm.ES256K.order().subtract(s).toByteArray();
        byte[] out = rs.clone();
        java.util.Arrays.fill(out, 32, 64, (byte) 0);
        int len = Math.min(flipped.length, 32);
        System.arraycopy(flipped, flipped.length - len, out, 64 - len, len);
        return out;
    }
}
