package io.atcr.hold.stats;

import io.atcr.hold.record.Sha256;
import io.atcr.hold.record.Base32;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The record key of an {@code io.atcr.hold.stats} record, as upstream derives it so that both holds name one
 * (owner, repository) alike: the first 16 bytes of {@code sha256(ownerDid + "/" + repository)} in RFC 4648 base32,
 * lower-case and unpadded (26 characters).
 */
public final class StatsKey {
    private static final int BYTES = 16;

    private StatsKey() {
    }

    public static String of(String ownerDid, String repository) {
        byte[] hash = Sha256.of(ownerDid + "/" + repository);
        return Base32.encode(Arrays.copyOf(hash, BYTES));
    }
}
