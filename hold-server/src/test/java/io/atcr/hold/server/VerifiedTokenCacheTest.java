package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.OpenCrewHold;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities.User;
import io.atcr.hold.testing.XrpcResponse;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A token seen before skips the signature check, but never its expiry. */
class VerifiedTokenCacheTest {
    private static final String NSID = CrewRoutes.REQUEST_CREW;
    @AutoClose
    private static final OpenCrewHold open = OpenCrewHold.start();

    @Test
    void aReusedTokenIsAcceptedUntilItExpires() {
        User user = open.ids().newUser();
        String token = user.token(TestHold.HOLD_DID, NSID); // expires in 60 s
        assertEquals(200, open.requestCrew(token).status());
        assertEquals(200, open.requestCrew(token).status());
        open.clock().advance(Duration.ofSeconds(60 + 31));
        XrpcResponse expired = open.requestCrew(token);
        assertEquals(401, expired.status());
        assertEquals("JwtExpired", expired.error());
    }

    @Test
    void aRepeatIsNotSignatureCheckedAgain() {
        User user = open.ids().newUser();
        String before = user.token(TestHold.HOLD_DID, NSID);
        assertEquals(200, open.requestCrew(before).status());
        user.rotateKey();
        assertEquals(200, open.requestCrew(user.token(TestHold.HOLD_DID, NSID)).status(), "the new key, after one re-fetch");
        // Checked again, this token's signature would fail against the new key; remembered, it passes.
        assertEquals(200, open.requestCrew(before).status());
        assertEquals(2, open.ids().fetches(user));
    }

    @Test
    void aRepeatIsStillCheckedForItsMethod() {
        User user = open.ids().newUser();
        String token = user.token(TestHold.HOLD_DID, NSID);
        assertEquals(200, open.requestCrew(token).status());
        XrpcResponse other = open.hold().post("/xrpc/io.atcr.hold.initiateUpload", java.util.Map.of(),
                "Authorization", "Bearer " + token);
        assertEquals(401, other.status(), other.body());
        assertEquals("BadJwtLexiconMethod", other.error());
    }
}
