package io.atcr.hold.stats;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The record key of an {@code io.atcr.hold.stats} record, as upstream derives it so that both holds name one
 * (owner, repository) alike: the first 16 bytes of {@code sha256(ownerDid + "/" + repository)} in RFC 4648 base32,
 * lower-case and unpadded (26 characters).
 */
public final class StatsKey {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final int BYTES = 16;

    private StatsKey() {
    }

    public static String of(String ownerDid, String repository) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest((ownerDid + "/" + repository).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        return base32(hash, BYTES);
    }

    static String base32(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder((length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < length; i++) {
            buffer = (buffer << 8) | (bytes[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
