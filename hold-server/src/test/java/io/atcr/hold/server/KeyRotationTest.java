package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.MutableClock;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.TestIdentities.User;
import io.atcr.hold.testing.XrpcResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DID documents are cached; a signature that fails against the cached key makes the hold resolve once more. */
class KeyRotationTest {
    private static final String NSID = CrewRoutes.REQUEST_CREW;
    private static final MutableClock CLOCK = MutableClock.atRealTime();
    private static TestIdentities ids;
    private static TestHold hold;

    @BeforeAll
    static void start() {
        ids = TestIdentities.start(CLOCK);
        hold = TestHold.builder().identities(ids).clock(CLOCK).env("HOLD_ALLOW_ALL_CREW", "true").start();
    }

    @AfterAll
    static void stop() {
        hold.close();
        ids.close();
    }

    private static XrpcResponse call(String token) {
        return hold.post("/xrpc/" + NSID, Map.of(), "Authorization", "Bearer " + token);
    }

    @Test
    void repeatedCallsResolveTheDocumentOnce() {
        User user = ids.newUser();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, call(user.token(TestHold.HOLD_DID, NSID)).status());
        }
        assertEquals(1, ids.fetches(user));
    }

    @Test
    void rotatedKeyIsAcceptedAfterOneReResolution() {
        User user = ids.newUser();
        assertEquals(200, call(user.token(TestHold.HOLD_DID, NSID)).status());
        String oldKeyToken = user.token(TestHold.HOLD_DID, NSID);
        user.rotateKey();
        XrpcResponse response = call(user.token(TestHold.HOLD_DID, NSID));
        assertEquals(200, response.status(), response.body());
        assertEquals(2, ids.fetches(user));
        assertEquals(401, call(oldKeyToken).status(), "the old key no longer signs for the user");
    }

    @Test
    void cachedDocumentExpiresAfterMinutes() {
        User user = ids.newUser();
        assertEquals(200, call(user.token(TestHold.HOLD_DID, NSID)).status());
        CLOCK.advance(Duration.ofMinutes(6));
        assertEquals(200, call(user.token(TestHold.HOLD_DID, NSID)).status());
        assertEquals(2, ids.fetches(user));
    }
}
