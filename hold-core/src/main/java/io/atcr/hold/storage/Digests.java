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

    /** The 64 hex digits of a digest; anything else is refused, so no path is ever built from a caller's text. */
    public static String hex(String digest) {
        if (!valid(digest)) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return digest.substring("sha256:".length());
    }
}
