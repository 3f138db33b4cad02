package io.atcr.hold.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.testing.InteropFixtures;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Signatures against Bluesky's signature fixtures: low-S r||s verifies; high-S and DER-encoded never do. */
class SignatureInteropTest {
    static Stream<Arguments> fixtures() {
        List<Arguments> out = new ArrayList<>();
        InteropFixtures.json("crypto/signature-fixtures.json").forEach(f -> out.add(Arguments.of(f.path("comment").asText(), f)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void aSignatureVerifiesExactlyWhenTheFixtureSaysItIsValid(String comment, JsonNode fixture) {
        // publicKeyMultibase there is the legacy form without a key type; the did:key holds the Multikey.
        Multikey key = Multikey.decode(fixture.path("publicKeyDid").asText().substring("did:key:".length()));
        assertEquals(fixture.path("algorithm").asText(), key.algorithm().name());
        byte[] message = Base64.getDecoder().decode(pad(fixture.path("messageBase64").asText()));
        byte[] signature = Base64.getDecoder().decode(pad(fixture.path("signatureBase64").asText()));
        assertEquals(fixture.path("validSignature").asBoolean(), Signatures.verify(key, message, signature));
    }

    static Stream<Arguments> didKeys() {
        List<Arguments> out = new ArrayList<>();
        InteropFixtures.json("crypto/w3c_didkey_K256.json").forEach(f -> out.add(Arguments.of(KeyAlgorithm.ES256K,
                new BigInteger(1, java.util.HexFormat.of().parseHex(f.path("privateKeyBytesHex").asText())),
                f.path("publicDidKey").asText())));
        InteropFixtures.json("crypto/w3c_didkey_P256.json").forEach(f -> out.add(Arguments.of(KeyAlgorithm.ES256,
                new BigInteger(1, Base58.decode(f.path("privateKeyBytesBase58").asText())), f.path("publicDidKey").asText())));
        return out.stream();
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("didKeys")
    void aPrivateKeysMultikeyIsTheFixturesDidKey(KeyAlgorithm algorithm, BigInteger secret, String didKey) {
        assertEquals(didKey, "did:key:" + Multikey.ofPrivate(algorithm, secret).encode());
    }

    @Test
    void whatTheHoldSignsVerifiesIsLowSAndDeterministic() {
        BigInteger secret = new BigInteger(255, new SecureRandom()).add(BigInteger.ONE);
        byte[] message = "a commit".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            Multikey key = Multikey.ofPrivate(algorithm, secret);
            byte[] signature = Signatures.sign(algorithm, secret, message);
            assertTrue(Signatures.wellFormed(algorithm, signature));
            assertTrue(Signatures.verify(key, message, signature), algorithm.name());
            assertEquals(java.util.HexFormat.of().formatHex(signature),
                    java.util.HexFormat.of().formatHex(Signatures.sign(algorithm, secret, message)), "RFC 6979");
            assertFalse(Signatures.verify(key, "another".getBytes(), signature));
        }
    }

    private static String pad(String base64) {
        return base64 + "==".substring(0, (4 - base64.length() % 4) % 4);
    }
}
