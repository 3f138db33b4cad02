package io.atcr.hold.storage;

import io.atcr.hold.failure.Failure;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Upload ids, the same for every driver: 32 random lowercase hex digits, safe in a path, a key and a URL. */
public final class UploadIds {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private UploadIds() {
    }

    public static String newId() {
        return HexFormat.of().formatHex(random(16));
    }

    public static boolean valid(String uploadId) {
        return uploadId != null && ID.matcher(uploadId).matches();
    }

    static byte[] random(int bytes) {
        byte[] out = new byte[bytes];
        RANDOM.nextBytes(out);
        return out;
    }

    /** The answer for an upload that does not exist, or is not the caller's. */
    public static Failure notFound(String uploadId) {
        return Failure.notFound("InvalidUploadId", "no upload " + uploadId
                + " is in progress (finished, aborted, or abandoned for a day); start one with initiateUpload");
    }
}
