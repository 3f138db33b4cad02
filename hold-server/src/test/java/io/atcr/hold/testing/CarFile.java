package io.atcr.hold.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CAR v1 file read the tests' own way, apart from the hold's writer: varint-framed sections, a CBOR header (parsed
 * by Jackson's CBOR module, not the hold's decoder), and each block checked against its CID (CIDv1, sha2-256).
 * Blocks are keyed by the hex of their CID bytes.
 */
public final class CarFile {
    public static final ObjectMapper CBOR = new CBORMapper();

    private final byte[] root;
    private final Map<String, byte[]> blocks = new LinkedHashMap<>();

    private CarFile(byte[] car) {
        int[] at = {0};
        JsonNode header = cbor(section(car, at));
        assertEquals(1, header.path("version").asInt(), "CAR version");
        JsonNode roots = header.path("roots");
        this.root = roots.size() == 0 ? null : link(roots.get(0));
        while (at[0] < car.length) {
            byte[] section = section(car, at);
            assertEquals(0x01, section[0], "CIDv1");
            assertEquals(0x12, section[2], "sha2-256");
            assertEquals(0x20, section[3], "a 32-byte digest");
            byte[] cid = Arrays.copyOf(section, 36);
            byte[] data = Arrays.copyOfRange(section, 36, section.length);
            assertArrayEquals(Arrays.copyOfRange(cid, 4, 36), sha256(data), "the block matches its CID");
            blocks.put(HexFormat.of().formatHex(cid), data);
        }
    }

    public static CarFile read(byte[] car) {
        return new CarFile(car);
    }

    /** The root's CID bytes (null for a CAR without a root). */
    public byte[] root() {
        return root;
    }

    public Map<String, byte[]> blocks() {
        return blocks;
    }

    public byte[] block(byte[] cid) {
        return blocks.get(HexFormat.of().formatHex(cid));
    }

    /** The CID bytes of a DAG-CBOR link as Jackson reads it: a byte string of 0x00 and the CID. */
    public static byte[] link(JsonNode node) {
        try {
            byte[] bytes = node.binaryValue();
            assertTrue(bytes != null && bytes.length == 37 && bytes[0] == 0, "a CID link: " + node);
            return Arrays.copyOfRange(bytes, 1, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode cbor(byte[] bytes) {
        try {
            return CBOR.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] section(byte[] car, int[] at) {
        long length = 0;
        int shift = 0;
        int b;
        do {
            b = car[at[0]++] & 0xff;
            length |= (long) (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        byte[] section = Arrays.copyOfRange(car, at[0], at[0] + (int) length);
        at[0] += (int) length;
        return section;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
