package io.atcr.hold.storage;

import io.atcr.hold.config.KeyFiles;
import io.atcr.hold.failure.Failure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the hold's part-upload URLs (HMAC-SHA256 over upload, part and expiry), so that a client can PUT
 * a part without a token, as it would to an S3 presigned URL. The key is random, made once and kept in the
 * database folder, so URLs stay valid across restarts. Thread-safe.
 */
public final class PartUrlSigner {
    public static final String KEY_FILE = "part-url.key";
    private static final int KEY_BYTES = 32;

    private final byte[] key;

    PartUrlSigner(byte[] key) {
        this.key = key.clone();
    }

    /** Loads the key from {@code dir}, creating it (readable by the owner only) on first use. */
    public static PartUrlSigner loadOrCreate(Path dir) {
        Path file = dir.resolve(KEY_FILE);
        byte[] key = KeyFiles.readOrCreate(file, KEY_BYTES);
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException(file + " holds " + key.length + " bytes, not a " + KEY_BYTES
                    + "-byte key; delete it to make a new one (outstanding part URLs then stop working)");
        }
        return new PartUrlSigner(key);
    }

    /** The signature of one part URL. */
    public String sign(String uploadId, int partNumber, long expiresEpochSecond) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal((uploadId + "\n" + partNumber + "\n" + expiresEpochSecond).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no HmacSHA256", e);
        }
    }

    /**
     * Checks a part URL's signature and expiry at {@code now}.
     *
     * @throws Failure 403 {@code InvalidSignature} or {@code ExpiredSignature}
     */
    public void verify(String uploadId, int partNumber, long expiresEpochSecond, String signature, Instant now) {
        byte[] expected = sign(uploadId, partNumber, expiresEpochSecond).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature == null ? new byte[0] : signature.getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw Failure.forbidden("InvalidSignature",
                    "this part URL's signature does not match; use the URL getPartUploadUrl answered, unchanged");
        }
        if (now.getEpochSecond() > expiresEpochSecond) {
            throw Failure.forbidden("ExpiredSignature",
                    "this part URL expired at " + Instant.ofEpochSecond(expiresEpochSecond) + "; ask getPartUploadUrl for a new one");
        }
    }
}
