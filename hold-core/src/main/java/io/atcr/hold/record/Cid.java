package io.atcr.hold.record;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A CIDv1 with a sha2-256 multihash, as ATProto repositories use them: codec dag-cbor ({@code 0x71}) for records,
 * MST nodes and commits, raw ({@code 0x55}) for blobs. Its text is multibase base32 ({@code b…}). Immutable.
 */
public final class Cid implements Comparable<Cid> {
    public static final int DAG_CBOR = 0x71;
    public static final int RAW = 0x55;
    private static final int SHA2_256 = 0x12;

    private final byte[] bytes;

    private Cid(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The CID of a DAG-CBOR block. */
    public static Cid ofDagCbor(byte[] block) {
        return of(DAG_CBOR, sha256(block));
    }

    /** The text CID of a record value's DAG-CBOR block. */
    public static String ofRecord(Object value) {
        return ofDagCbor(DagCbor.encode(value)).toString();
    }

    private static Cid of(int codec, byte[] digest) {
        byte[] bytes = new byte[4 + digest.length];
        bytes[0] = 0x01; // CID version 1
        bytes[1] = (byte) codec;
        bytes[2] = SHA2_256;
        bytes[3] = (byte) digest.length;
        System.arraycopy(digest, 0, bytes, 4, digest.length);
        return new Cid(bytes);
    }

    /**
     * Reads a CID's binary form (version 1, one-byte codec, sha2-256 with a 32-byte digest).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Cid fromBytes(byte[] bytes) {
        if (bytes.length != 36 || bytes[0] != 0x01 || (bytes[1] != DAG_CBOR && bytes[1] != RAW)
                || bytes[2] != SHA2_256 || bytes[3] != 32) {
            throw new IllegalArgumentException("not a CIDv1 (dag-cbor or raw) with a sha2-256 digest");
        }
        return new Cid(bytes.clone());
    }

    /** Reads a CID's text form, {@code b} and base32. */
    public static Cid parse(String text) {
        if (text == null || text.length() < 2 || text.charAt(0) != 'b') {
            throw new IllegalArgumentException("a CID is 'b' and base32, not '" + text + "'");
        }
        return fromBytes(Base32.decode(text.substring(1)));
    }

    /** Whether {@code block}'s hash is this CID's. */
    public boolean matches(byte[] block) {
        return Arrays.equals(Arrays.copyOfRange(bytes, 4, 36), sha256(block));
    }

    public int codec() {
        return bytes[1] & 0xff;
    }

    /** The 32 bytes of the sha2-256 digest the CID names. */
    public byte[] sha256() {
        return Arrays.copyOfRange(bytes, 4, 36);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The binary form's length. */
    public int length() {
        return bytes.length;
    }

    /** Writes the binary form into {@code out}, for encoders that copy it anyway. */
    void copyTo(java.io.ByteArrayOutputStream out) {
        out.writeBytes(bytes);
    }

    @Override
    public String toString() {
        return "b" + Base32.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Cid other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    static byte[] sha256(byte[] data) {
        return Sha256.of(data);
    }
}
