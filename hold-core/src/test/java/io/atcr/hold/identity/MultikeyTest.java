package io.atcr.hold.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@code publicKeyMultibase} decoding, checked against published did:key test vectors. */
class MultikeyTest {
    @Test
    void secp256k1VectorDecodesToItsCompressedPoint() {
        // did:key spec vector: compressed point 03874c15…35cd
        Multikey key = Multikey.decode("zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme");
        assertEquals(KeyAlgorithm.ES256K, key.algorithm());
        assertEquals(new BigInteger("874c15c7fda20e539c6e5ba573c139884c351188799f5458b4b41f7924f235cd", 16),
                key.publicKey().getW().getAffineX());
        assertTrue(key.publicKey().getW().getAffineY().testBit(0), "prefix 03 means odd y");
    }

    @Test
    void p256VectorDecodesToItsCoordinates() {
        // did:key spec vector with its JWK x and y
        Multikey key = Multikey.decode("zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv");
        assertEquals(KeyAlgorithm.ES256, key.algorithm());
        assertEquals(unsigned("igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns"), key.publicKey().getW().getAffineX());
        assertEquals(unsigned("efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM"), key.publicKey().getW().getAffineY());
    }

    @Test
    void encodingGivesBackTheVectors() {
        for (String vector : new String[] {"zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
                "zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv"}) {
            assertEquals(vector, Multikey.decode(vector).encode());
        }
    }

    @Test
    void generatedKeysRoundTripWithTheirMulticodecPrefixes() throws Exception {
        assertEquals("zQ3s", roundTrip(KeyAlgorithm.ES256K, "secp256k1").substring(0, 4));
        assertEquals("zDn", roundTrip(KeyAlgorithm.ES256, "secp256r1").substring(0, 3));
    }

    private static String roundTrip(KeyAlgorithm algorithm, String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastleProviderSingleton.getInstance());
        generator.initialize(new ECGenParameterSpec(curve));
        ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
        String encoded = new Multikey(algorithm, key).encode();
        assertEquals(key.getW(), Multikey.decode(encoded).publicKey().getW());
        return encoded;
    }

    @Test
    void otherMultibaseEncodingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Multikey.decode("f01e7"));
    }

    @Test
    void ed25519KeysAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Multikey.decode("z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"));
        assertTrue(e.getMessage().contains("0xed"), e.getMessage());
    }

    @Test
    void aPointOffTheCurveIsRefused() {
        byte[] bytes = HexFormat.of().parseHex("e701" + "02" + "00".repeat(31) + "05");
        assertThrows(IllegalArgumentException.class, () -> Multikey.decode("z" + Base58.encode(bytes)));
    }

    @Test
    void anUncompressedOrShortKeyIsRefused() {
        byte[] shortKey = HexFormat.of().parseHex("e701" + "03874c15c7fda20e539c6e5ba573c139884c351188799f5458b4b41f7924f235");
        assertThrows(IllegalArgumentException.class, () -> Multikey.decode("z" + Base58.encode(shortKey)));
    }

    @Test
    void base58KeepsLeadingZeros() {
        byte[] bytes = {0, 0, 1, 2, (byte) 255};
        assertEquals("11", Base58.encode(bytes).substring(0, 2));
        assertEquals(HexFormat.of().formatHex(bytes), HexFormat.of().formatHex(Base58.decode(Base58.encode(bytes))));
    }

    private static BigInteger unsigned(String base64url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64url));
    }
}
