package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.XrpcResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdentityTest {
    private static TestHold hold;

    @BeforeAll
    static void start() {
        hold = TestHold.builder().start();
    }

    @AfterAll
    static void stop() {
        hold.close();
    }

    @Test
    void healthAnswersTheVersion() {
        XrpcResponse response = hold.get("/xrpc/_health");
        assertEquals(200, response.status());
        assertEquals("0.1.0", response.json().path("version").asText());
    }

    @Test
    void describeServerNamesTheHoldDid() {
        assertEquals(TestHold.HOLD_DID, hold.get("/xrpc/com.atproto.server.describeServer").json().path("did").asText());
    }

    @Test
    void didDocumentPointsTheHoldServiceAtThePublicUrl() {
        XrpcResponse doc = hold.get("/.well-known/did.json");
        assertEquals(TestHold.HOLD_DID, doc.json().path("id").asText());
        assertEquals("#atcr_hold", doc.json().path("service").get(0).path("id").asText());
        assertEquals("AtcrHoldService", doc.json().path("service").get(0).path("type").asText());
        assertEquals(TestHold.PUBLIC_URL, doc.json().path("service").get(0).path("serviceEndpoint").asText());
    }

    @Test
    void holdDidOfAUrlWithAPortEncodesThePort() {
        var identity = io.atcr.hold.identity.HoldIdentity.of(java.net.URI.create("https://hold.example:8443"), "https://hold.example:8443");
        assertEquals("did:web:hold.example%3A8443", identity.did());
    }
}
