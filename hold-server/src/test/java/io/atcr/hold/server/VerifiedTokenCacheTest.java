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

/** A token seen before skips the signature check, but never its expiry. */
class VerifiedTokenCacheTest {
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
    void aReusedTokenIsAcceptedUntilItExpires() {
        User user = ids.newUser();
        String token = user.token(TestHold.HOLD_DID, NSID); // expires in 60 s
        assertEquals(200, call(token).status());
        assertEquals(200, call(token).status());
        CLOCK.advance(Duration.ofSeconds(60 + 31));
        XrpcResponse expired = call(token);
        assertEquals(401, expired.status());
        assertEquals("JwtExpired", expired.error());
    }
}
