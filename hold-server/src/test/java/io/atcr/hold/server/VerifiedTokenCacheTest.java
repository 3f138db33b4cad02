package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.OpenCrewHold;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities.User;
import io.atcr.hold.testing.XrpcResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A token seen before skips the signature check, but never its expiry. */
class VerifiedTokenCacheTest {
    private static final String NSID = CrewRoutes.REQUEST_CREW;
    private static OpenCrewHold open;

    @BeforeAll
    static void start() {
        open = OpenCrewHold.start();
    }

    @AfterAll
    static void stop() {
        open.close();
    }

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
}
