package io.atcr.hold.record;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** CIDv1 of a record value: dag-cbor codec, sha2-256 multihash, multibase base32 lowercase ({@code b…}). */
public final class Cid {
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private Cid() {
    }

    public static String ofRecord(Object value) {
        byte[] digest = sha256(DagCbor.encode(value));
        ByteArrayOutputStream cid = new ByteArrayOutputStream();
        cid.write(0x01); // CID version 1
        cid.write(0x71); // dag-cbor
        cid.write(0x12); // sha2-256
        cid.write(0x20); // 32-byte digest
        cid.writeBytes(digest);
        return "b" + base32(cid.toByteArray());
    }

    private static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
