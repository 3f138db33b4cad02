package io.atcr.hold.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.atcr.hold.identity.KeyAlgorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

/** Keys and signed service tokens for tests, as a PDS would make them (and a few ways it never would). */
final class TokenSigner {
    private TokenSigner() {
    }

    static KeyPair newKey(KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastleProviderSingleton.getInstance());
            generator.initialize(new ECGenParameterSpec(algorithm == KeyAlgorithm.ES256K ? "secp256k1" : "secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A compact JWS of {@code claims}; {@code highS} chooses the upper or (as ATProto requires) lower s. */
    static String sign(KeyAlgorithm algorithm, KeyPair key, JWTClaimsSet claims, boolean highS) {
        return sign(algorithm, key, claims, highS, "JWT");
    }

    /** As {@link #sign(KeyAlgorithm, KeyPair, JWTClaimsSet, boolean)}, with this header {@code typ}. */
    static String sign(KeyAlgorithm algorithm, KeyPair key, JWTClaimsSet claims, boolean highS, String type) {
        try {
            JWSHeader header = new JWSHeader.Builder(algorithm.jws()).type(new com.nimbusds.jose.JOSEObjectType(type)).build();
            SignedJWT jwt = new SignedJWT(header, claims);
            ECDSASigner signer = new ECDSASigner((ECPrivateKey) key.getPrivate(), algorithm.curve());
            signer.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
            jwt.sign(signer);
            byte[] signature = jwt.getSignature().decode();
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
            if (algorithm.isHighS(s) != highS) {
                s = algorithm.order().subtract(s); // (r, n - s) is the same signature's other half
            }
            System.arraycopy(fixed32(s), 0, signature, 32, 32);
            String[] parts = jwt.serialize().split("\\.");
            return parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] fixed32(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[32];
        int len = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - len, out, 32 - len, len);
        return out;
    }
}
