package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Valid service tokens are accepted from every kind of identity ATProto has. */
class ServiceTokenAcceptanceTest {
    private static final String NSID = "io.atcr.hold.requestCrew";
    private static TestIdentities ids;
    private static TestHold hold;

    @BeforeAll
    static void start() {
        ids = TestIdentities.start();
        hold = TestHold.builder().identities(ids).env("HOLD_ALLOW_ALL_CREW", "true").start();
    }

    @AfterAll
    static void stop() {
        hold.close();
        ids.close();
    }

    @Test
    void secp256k1PlcUserIsAccepted() {
        TestIdentities.User user = ids.newUser();
        XrpcResponse response = hold.post("/xrpc/" + NSID, Map.of(), "Authorization", user.bearer(NSID));
        assertEquals(200, response.status(), response.body());
        assertEquals("created", response.json().path("status").asText());
    }

    @Test
    void p256PlcUserIsAccepted() {
        TestIdentities.User user = ids.newP256User();
        XrpcResponse response = hold.post("/xrpc/" + NSID, Map.of(), "Authorization", user.bearer(NSID));
        assertEquals(200, response.status(), response.body());
    }

    @Test
    void didWebUserIsAccepted() {
        TestIdentities.User user = ids.newWebUser();
        XrpcResponse response = hold.post("/xrpc/" + NSID, Map.of(), "Authorization", user.bearer(NSID));
        assertEquals(200, response.status(), response.body());
    }

    @Test
    void tokenWithoutLxmIsAccepted() {
        TestIdentities.User user = ids.newUser();
        String token = user.token(TestHold.HOLD_DID, null);
        XrpcResponse response = hold.post("/xrpc/" + NSID, Map.of(), "Authorization", "Bearer " + token);
        assertEquals(200, response.status(), response.body());
    }
}
