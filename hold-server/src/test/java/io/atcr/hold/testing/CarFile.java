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

    /** A CBOR byte string's bytes, as Jackson reads it. */
    public static byte[] bytes(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CAR of these blocks (keyed by CID hex) under {@code root}, its header {version: 1, roots} written by hand. */
    public static byte[] write(byte[] root, Map<String, byte[]> blocks) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream header = new java.io.ByteArrayOutputStream();
        header.write(0xa2); // a map of two: "roots", "version"
        header.write(0x65);
        header.writeBytes("roots".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        header.write(0x81); // [one link]
        header.write(0xd8);
        header.write(0x2a); // tag 42
        header.write(0x58);
        header.write(root.length + 1);
        header.write(0);
        header.writeBytes(root);
        header.write(0x67);
        header.writeBytes("version".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        header.write(0x01);
        varint(out, header.size());
        out.writeBytes(header.toByteArray());
        for (Map.Entry<String, byte[]> block : blocks.entrySet()) {
            byte[] cid = HexFormat.of().parseHex(block.getKey());
            varint(out, cid.length + block.getValue().length);
            out.writeBytes(cid);
            out.writeBytes(block.getValue());
        }
        return out.toByteArray();
    }

    private static void varint(java.io.ByteArrayOutputStream out, long n) {
        while (n >= 0x80) {
            out.write((int) (n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out.write((int) n);
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
