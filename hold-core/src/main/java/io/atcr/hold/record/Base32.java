package io.atcr.hold.record;

/** RFC 4648 base32, lower-case and unpadded, as CIDs (after their {@code b} prefix) and stats record keys use it. */
public final class Base32 {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private Base32() {
    }

    public static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /**
     * Decodes lower-case unpadded base32.
     *
     * @throws IllegalArgumentException on a character outside the alphabet or a length no encoding has
     */
    public static byte[] decode(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            int value = text.charAt(i) >= 'a' && text.charAt(i) <= 'z' ? text.charAt(i) - 'a'
                    : text.charAt(i) >= '2' && text.charAt(i) <= '7' ? text.charAt(i) - '2' + 26 : -1;
            if (value < 0) {
                throw new IllegalArgumentException("not base32: '" + text.charAt(i) + "'");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("base32 of a length or with trailing bits no encoding has");
        }
        return out.toByteArray();
    }
}
