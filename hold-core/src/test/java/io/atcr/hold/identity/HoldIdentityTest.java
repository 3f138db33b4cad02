package io.atcr.hold.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which public URLs relays and AppViews will index: a host that is a valid handle, on the default port. */
class HoldIdentityTest {
    private static HoldIdentity of(Path dir, String url) {
        return HoldIdentity.of(URI.create(url), url, HoldSigningKey.loadOrCreate(dir.resolve("signing.key")).publicKey());
    }

    @Test
    void aHostNameOnTheDefaultPortIsIndexed(@TempDir Path dir) {
        HoldIdentity hold = of(dir, "https://hold.example.com");
        assertEquals("did:web:hold.example.com", hold.did());
        assertTrue(hold.notIndexedBecause().isEmpty());
    }

    @Test
    void anAddressABareNameOrAPortIsNot(@TempDir Path dir) {
        assertTrue(of(dir, "https://203.0.113.7").notIndexedBecause().orElseThrow().contains("not a valid ATProto handle"));
        assertTrue(of(dir, "http://localhost:8080").notIndexedBecause().orElseThrow().contains("not a valid ATProto handle"));
        HoldIdentity ported = of(dir, "https://hold.example.com:8443");
        assertEquals("did:web:hold.example.com%3A8443", ported.did());
        assertTrue(ported.notIndexedBecause().orElseThrow().contains("port (:8443)"));
    }
}
