package io.atcr.hold.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.identity.KeyAlgorithm;
import io.atcr.hold.identity.Multikey;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * A repository read from a CAR the tests' own way: the commit's fields and signature, and the MST walked from its
 * root to every (key, record CID), every node decoded with Jackson's CBOR and its key prefixes expanded here.
 */
public final class RepoWalk {
    private RepoWalk() {
    }

    /** The commit block's fields. */
    public static JsonNode commit(CarFile car) {
        byte[] block = car.block(car.root());
        assertNotNull(block, "the CAR holds its root commit");
        JsonNode commit = CarFile.cbor(block);
        assertEquals(3, commit.path("version").asInt());
        assertTrue(commit.has("prev") && commit.get("prev").isNull(), "prev is null in repo v3");
        return commit;
    }

    /** Every (MST key, record CID hex) reachable from the commit's data root, each node in the CAR. */
    public static TreeMap<String, String> records(CarFile car) {
        TreeMap<String, String> out = new TreeMap<>();
        walk(car, CarFile.link(commit(car).path("data")), out);
        return out;
    }

    /** One entry of an MST node: its full key (prefix expanded), the record link, and the subtree after it (or null). */
    public record Entry(String key, byte[] value, byte[] right) {
    }

    /** A node's entries, its keys rebuilt from their shared prefixes. */
    public static java.util.List<Entry> entries(JsonNode node) {
        java.util.List<Entry> out = new java.util.ArrayList<>();
        byte[] previous = new byte[0];
        for (JsonNode entry : node.path("e")) {
            byte[] suffix = CarFile.bytes(entry.path("k"));
            int prefix = entry.path("p").asInt();
            byte[] key = new byte[prefix + suffix.length];
            System.arraycopy(previous, 0, key, 0, prefix);
            System.arraycopy(suffix, 0, key, prefix, suffix.length);
            out.add(new Entry(new String(key, StandardCharsets.UTF_8), CarFile.link(entry.path("v")),
                    entry.path("t").isNull() ? null : CarFile.link(entry.path("t"))));
            previous = key;
        }
        return out;
    }

    private static void walk(CarFile car, byte[] cid, Map<String, String> out) {
        byte[] block = car.block(cid);
        assertNotNull(block, "the CAR holds the MST node " + HexFormat.of().formatHex(cid));
        JsonNode node = CarFile.cbor(block);
        if (!node.path("l").isNull()) {
            walk(car, CarFile.link(node.path("l")), out);
        }
        for (Entry entry : entries(node)) {
            out.put(entry.key(), HexFormat.of().formatHex(entry.value()));
            if (entry.right() != null) {
                walk(car, entry.right(), out);
            }
        }
    }

    /**
     * Whether the commit's {@code sig} is the signature, by {@code publicKeyMultibase} (a secp256k1 Multikey), of the
     * commit without {@code sig}: the block with the {@code sig} entry cut out of its bytes, which is the unsigned
     * commit's canonical encoding because DAG-CBOR orders keys and a map loses nothing else.
     */
    public static boolean signatureVerifies(CarFile car, String publicKeyMultibase) {
        byte[] block = car.block(car.root());
        byte[] signature = CarFile.bytes(commit(car).path("sig"));
        byte[] unsigned = withoutSig(block, signature);
        Multikey key = Multikey.decode(publicKeyMultibase);
        assertEquals(KeyAlgorithm.ES256K, key.algorithm());
        var spec = key.algorithm().spec();
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(spec.getCurve().decodePoint(key.compressed()),
                new ECDomainParameters(spec.getCurve(), spec.getG(), spec.getN(), spec.getH())));
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        assertTrue(s.compareTo(spec.getN().shiftRight(1)) <= 0, "low-S");
        return verifier.verifySignature(CarFile.sha256(unsigned), r, s);
    }

    private static byte[] withoutSig(byte[] block, byte[] signature) {
        // "sig" as a CBOR text key (0x63 's' 'i' 'g'), then a byte string head (0x58 0x40) and the 64 bytes.
        byte[] entry = new byte[4 + 2 + 64];
        entry[0] = 0x63;
        entry[1] = 's';
        entry[2] = 'i';
        entry[3] = 'g';
        entry[4] = 0x58;
        entry[5] = 0x40;
        System.arraycopy(signature, 0, entry, 6, 64);
        int at = indexOf(block, entry);
        assertTrue(at > 0, "the commit holds its sig entry");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(block[0] - 1); // a map of one entry less (fewer than 24 entries: the count is in the first byte)
        out.write(block, 1, at - 1);
        out.write(block, at + entry.length, block.length - at - entry.length);
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
