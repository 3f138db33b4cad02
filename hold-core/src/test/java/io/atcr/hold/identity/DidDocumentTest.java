package io.atcr.hold.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reading the #atproto key out of a DID document, and where each kind of DID is fetched from. */
class DidDocumentTest {
    private static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    private static final String KEY = "zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme";

    private static DidDocument parse(String json) {
        return DidDocument.parse(DID, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String doc(String id, String methodId, String type) {
        return "{\"id\":\"" + id + "\",\"verificationMethod\":[{\"id\":\"" + methodId + "\",\"type\":\"" + type
                + "\",\"controller\":\"" + id + "\",\"publicKeyMultibase\":\"" + KEY + "\"}]}";
    }

    @Test
    void theAtprotoKeyIsFoundByFullOrRelativeId() {
        assertEquals(KEY, parse(doc(DID, DID + "#atproto", "Multikey")).atprotoKey().encode());
        assertEquals(KEY, parse(doc(DID, "#atproto", "Multikey")).atprotoKey().encode());
    }

    @Test
    void aDocumentAboutAnotherDidIsRefused() {
        DidResolutionException e = assertThrows(DidResolutionException.class,
                () -> parse(doc("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", "#atproto", "Multikey")));
        assertTrue(e.getMessage().contains("another DID"), e.getMessage());
    }

    @Test
    void aDocumentWithoutAnAtprotoKeyIsRefused() {
        assertThrows(DidResolutionException.class, () -> parse(doc(DID, "#atproto_label", "Multikey")));
    }

    @Test
    void aKeyOfAnotherTypeIsRefused() {
        assertThrows(DidResolutionException.class, () -> parse(doc(DID, "#atproto", "JsonWebKey2020")));
    }

    @Test
    void notJsonIsRefused() {
        assertThrows(DidResolutionException.class, () -> parse("<html>"));
    }

    @Test
    void didsResolveAtTheirPlaces() {
        DidResolver resolver = new DidResolver(URI.create("https://plc.example/"), Duration.ofSeconds(1), Duration.ofSeconds(1), true);
        assertEquals(URI.create("https://plc.example/" + DID), resolver.documentUrl(DID));
        assertEquals(URI.create("https://example.com/.well-known/did.json"), web("did:web:example.com", false));
        assertEquals(URI.create("https://example.com:8443/.well-known/did.json"), web("did:web:example.com%3A8443", false));
        assertEquals(URI.create("http://localhost:8080/.well-known/did.json"), resolver.documentUrl("did:web:localhost%3A8080"));
    }

    @Test
    void loopbackHostsAreRefusedUnlessAllowed() {
        DidResolver strict = new DidResolver(URI.create("https://plc.example"), Duration.ofSeconds(1), Duration.ofSeconds(1), false);
        assertThrows(DidResolutionException.class, () -> strict.documentUrl("did:web:localhost%3A8080"));
    }

    @Test
    void pathBasedDidWebIsNotSupported() {
        DidResolver resolver = new DidResolver(URI.create("https://plc.example"), Duration.ofSeconds(1), Duration.ofSeconds(1), true);
        assertThrows(DidResolutionException.class, () -> resolver.documentUrl("did:web:example.com:users:alice"));
    }

    private static URI web(String did, boolean internal) {
        return DidResolver.webDocumentUrl(WebDid.parse(did).orElseThrow(), internal);
    }
}
