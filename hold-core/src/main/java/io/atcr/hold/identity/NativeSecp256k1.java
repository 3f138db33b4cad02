package io.atcr.hold.identity;

import io.atcr.hold.record.Sha256;
import fr.acinq.secp256k1.Secp256k1;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ES256K signature checks by libsecp256k1 (ACINQ's JNI build, which carries the native library for Linux, macOS and
 * Windows), four times faster than BouncyCastle's on the development machine. Where the library cannot load, {@link
 * #available()} is false and the verifier uses BouncyCastle. Thread-safe.
 */
final class NativeSecp256k1 {
    private static final Logger log = LoggerFactory.getLogger(NativeSecp256k1.class);
    private static final Secp256k1 LIBRARY = load();

    private NativeSecp256k1() {
    }

    private static Secp256k1 load() {
        try {
            Secp256k1 library = Secp256k1.Companion.get();
            library.verify(new byte[64], new byte[32], Multikey.GENERATOR_SECP256K1); // loads the native code now
            return library;
        } catch (Throwable unavailable) { // UnsatisfiedLinkError and its kin: no library for this platform
            log.info("libsecp256k1 is not available here ({}); ES256K tokens are checked by BouncyCastle",
                    unavailable.toString());
            return null;
        }
    }

    static boolean available() {
        return LIBRARY != null;
    }

    /**
     * Whether {@code signature} (64 bytes {@code r||s}, low-S) signs the SHA-256 of {@code signingInput} under the
     * compressed public key {@code key}.
     */
    static boolean verify(byte[] signature, byte[] signingInput, byte[] key) {
        try {
            return LIBRARY.verify(signature, Sha256.of(signingInput), key);
        } catch (RuntimeException malformed) {
            return false; // the library refuses malformed input by throwing
        }
    }
}
