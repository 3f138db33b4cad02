package io.atcr.hold.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A did:web names a DNS host (and maybe a port); anything else is malformed, and internal addresses are told apart. */
class WebDidTest {
    @ParameterizedTest
    @ValueSource(strings = {"did:web:example.com", "did:web:Example.COM", "did:web:a-b.example.co.uk%3A8443",
            "did:web:localhost", "did:web:localhost%3A1", "did:web:xn--bcher-kva.example"})
    void wellFormedHostsParse(String did) {
        assertTrue(WebDid.parse(did).isPresent(), did);
    }

    @ParameterizedTest
    @ValueSource(strings = {"did:web:", "did:web:a..b", "did:web:-", "did:web:.", "did:web:999.999.999.999",
            "did:web:xn--", "did:web:127.1", "did:web:127.0.0.1", "did:web:example.com%3A0", "did:web:example.com%3A65536",
            "did:web:example.com%3Ax", "did:web:-a.example", "did:web:a-.example", "did:web:intranet",
            "did:web:example.com:path", "did:web:exa_mple.com", "did:web:example.com."})
    void malformedHostsAreRefused(String did) {
        assertFalse(WebDid.parse(did).isPresent(), did);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
            "100.64.0.1", "224.0.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1"})
    void internalAddressesAreRecognised(String address) throws Exception {
        assertTrue(DidResolver.internal(InetAddress.getByName(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "2606:4700::1111"})
    void publicAddressesAreNotInternal(String address) throws Exception {
        assertFalse(DidResolver.internal(InetAddress.getByName(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"did:web:example.com%3A8443"})
    void portIsKept(String did) {
        assertEquals("example.com:8443", WebDid.parse(did).orElseThrow().authority());
    }
}
