package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.OpenCrewHold;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities.User;
import io.atcr.hold.testing.XrpcResponse;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** DID documents are cached; a signature that fails against the cached key makes the hold resolve once more. */
class KeyRotationTest {
    private static final String NSID = CrewRoutes.REQUEST_CREW;
    @AutoClose
    private static final OpenCrewHold open = OpenCrewHold.start();

    @Test
    void repeatedCallsResolveTheDocumentOnce() {
        User user = open.ids().newUser();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, open.requestCrew(user.token(TestHold.HOLD_DID, NSID)).status());
        }
        assertEquals(1, open.ids().fetches(user));
    }

    @Test
    void rotatedKeyIsAcceptedAfterOneReResolution() {
        User user = open.ids().newUser();
        assertEquals(200, open.requestCrew(user.token(TestHold.HOLD_DID, NSID)).status());
        String oldKeyToken = user.token(TestHold.HOLD_DID, NSID);
        user.rotateKey();
        XrpcResponse response = open.requestCrew(user.token(TestHold.HOLD_DID, NSID));
        assertEquals(200, response.status(), response.body());
        assertEquals(2, open.ids().fetches(user));
        assertEquals(401, open.requestCrew(oldKeyToken).status(), "the old key no longer signs for the user");
    }

    @Test
    void cachedDocumentExpiresAfterMinutes() {
        User user = open.ids().newUser();
        assertEquals(200, open.requestCrew(user.token(TestHold.HOLD_DID, NSID)).status());
        open.clock().advance(Duration.ofMinutes(6));
        assertEquals(200, open.requestCrew(user.token(TestHold.HOLD_DID, NSID)).status());
        assertEquals(2, open.ids().fetches(user));
    }
}
