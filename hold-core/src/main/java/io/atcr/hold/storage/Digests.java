package io.atcr.hold.storage;

import java.util.regex.Pattern;

/** Blob digests as the hold accepts them: {@code sha256:} and 64 lowercase hex digits. */
public final class Digests {
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    private Digests() {
    }

    public static boolean valid(String digest) {
        return digest != null && SHA256.matcher(digest).matches();
    }

    /**
     * The digest a blob reference names: {@code sha256:HEX} itself, or the CIDv1 of the same bytes as ATProto names
     * blobs (codec raw, sha2-256, base32: {@code bafkrei…}). Empty for anything else (a dag-cbor CID is a record).
     */
    public static java.util.Optional<String> ofReference(String reference) {
        if (valid(reference)) {
            return java.util.Optional.of(reference);
        }
        try {
            io.atcr.hold.record.Cid cid = io.atcr.hold.record.Cid.parse(reference);
            return cid.codec() == io.atcr.hold.record.Cid.RAW
                    ? java.util.Optional.of("sha256:" + java.util.HexFormat.of().formatHex(cid.sha256()))
                    : java.util.Optional.empty();
        } catch (IllegalArgumentException notACid) {
            return java.util.Optional.empty();
        }
    }

    /** The 64 hex digits of a digest; anything else is refused, so no path is ever built from a caller's text. */
    public static String hex(String digest) {
        if (!valid(digest)) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return digest.substring("sha256:".length());
    }
}
