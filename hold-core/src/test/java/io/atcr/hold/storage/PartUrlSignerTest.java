package io.atcr.hold.storage;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.atcr.hold.failure.Failure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartUrlSignerTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final long EXPIRES = NOW.plusSeconds(3600).getEpochSecond();

    @Test
    void theKeySurvivesARestartAndOnlyItsOwnerCanReadIt(@TempDir Path dir) throws Exception {
        String signature = PartUrlSigner.loadOrCreate(dir).sign("u", 1, EXPIRES);
        PartUrlSigner reloaded = PartUrlSigner.loadOrCreate(dir);
        assertDoesNotThrow(() -> reloaded.verify("u", 1, EXPIRES, signature, NOW));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(PartUrlSigner.KEY_FILE))));
    }

    @Test
    void anotherHoldsKeyDoesNotVerify(@TempDir Path a, @TempDir Path b) {
        String signature = PartUrlSigner.loadOrCreate(a).sign("u", 1, EXPIRES);
        Failure e = assertThrows(Failure.class, () -> PartUrlSigner.loadOrCreate(b).verify("u", 1, EXPIRES, signature, NOW));
        assertEquals("InvalidSignature", e.error());
    }

    @Test
    void eachSignedValueMatters(@TempDir Path dir) {
        PartUrlSigner signer = PartUrlSigner.loadOrCreate(dir);
        String signature = signer.sign("u", 1, EXPIRES);
        assertEquals("InvalidSignature", assertThrows(Failure.class, () -> signer.verify("v", 1, EXPIRES, signature, NOW)).error());
        assertEquals("InvalidSignature", assertThrows(Failure.class, () -> signer.verify("u", 2, EXPIRES, signature, NOW)).error());
        assertEquals("InvalidSignature", assertThrows(Failure.class, () -> signer.verify("u", 1, EXPIRES + 1, signature, NOW)).error());
    }

    @Test
    void theUrlWorksUntilItsExpiryAndNotAfter(@TempDir Path dir) {
        PartUrlSigner signer = PartUrlSigner.loadOrCreate(dir);
        String signature = signer.sign("u", 1, EXPIRES);
        assertDoesNotThrow(() -> signer.verify("u", 1, EXPIRES, signature, Instant.ofEpochSecond(EXPIRES)));
        Failure e = assertThrows(Failure.class,
                () -> signer.verify("u", 1, EXPIRES, signature, Instant.ofEpochSecond(EXPIRES + 1)));
        assertEquals(Failure.Kind.FORBIDDEN, e.kind());
        assertEquals("ExpiredSignature", e.error());
    }
}
