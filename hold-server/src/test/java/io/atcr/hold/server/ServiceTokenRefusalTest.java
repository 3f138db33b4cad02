package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.Base64URL;
import io.atcr.hold.testing.OpenCrewHold;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities.User;
import io.atcr.hold.testing.XrpcResponse;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each way a service token can be wrong is a 401 that says what is wrong, never repeats the token, and writes
 * nothing: the hold lets anyone join its crew, so a request that got through would leave a crew record.
 */
class ServiceTokenRefusalTest {
    private static final String NSID = CrewRoutes.REQUEST_CREW;
    @AutoClose
    private static final OpenCrewHold open = OpenCrewHold.start();

    private static Instant now() {
        return open.clock().instant();
    }

    private static XrpcResponse assertRefused(User user, String token, String error, String saying) {
        XrpcResponse response = open.requestCrew(token);
        assertEquals(401, response.status(), response.body());
        assertEquals(error, response.error(), response.body());
        assertTrue(response.message().contains(saying), response.message());
        for (String part : token.split("\\.")) {
            assertFalse(part.length() > 8 && response.body().contains(part), "the answer repeats the token: " + response.body());
        }
        assertTrue(open.hold().hold().crew().find(user.did()).isEmpty(), "a refused request wrote a crew record");
        return response;
    }

    @Test
    void expiredTokenIsRefused() {
        User user = open.ids().newUser();
        String token = user.token(user.claims(TestHold.HOLD_DID, NSID).expirationTime(Date.from(now().minusSeconds(31))).build());
        assertRefused(user, token, "JwtExpired", "expired");
    }

    @Test
    void tokenExpiredWithinTheSkewIsAccepted() {
        User user = open.ids().newUser();
        String token = user.token(user.claims(TestHold.HOLD_DID, NSID).expirationTime(Date.from(now().minusSeconds(29))).build());
        assertEquals(200, open.requestCrew(token).status());
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        User user = open.ids().newUser();
        String token = user.token(user.claims(TestHold.HOLD_DID, NSID).expirationTime(null).build());
        assertRefused(user, token, "BadJwt", "no exp");
    }

    @Test
    void tokenNotYetValidBeyondTheSkewIsRefused() {
        User user = open.ids().newUser();
        String token = user.token(user.claims(TestHold.HOLD_DID, NSID).notBeforeTime(Date.from(now().plusSeconds(31))).build());
        assertRefused(user, token, "BadJwt", "not valid before");
    }

    @Test
    void tokenIssuedInTheFutureBeyondTheSkewIsRefused() {
        User user = open.ids().newUser();
        String token = user.token(user.claims(TestHold.HOLD_DID, NSID).issueTime(Date.from(now().plusSeconds(31))).build());
        assertRefused(user, token, "BadJwt", "not valid before");
    }

    @Test
    void wrongAudienceIsRefusedNamingBothDids() {
        User user = open.ids().newUser();
        assertRefused(user, user.token("did:web:other.test", NSID), "BadJwtAudience",
                "audience is did:web:other.test, expected did:web:hold.test");
    }

    @Test
    void tokenSignedByAnotherKeyIsRefusedAfterOneMoreResolution() {
        User user = open.ids().newUser();
        assertRefused(user, user.tokenByOtherKey(TestHold.HOLD_DID, NSID), "BadJwtSignature", "#atproto key of " + user.did());
        assertEquals(2, open.ids().fetches(user), "the document is fetched, then fetched once more after the failed signature");
    }

    @Test
    void lxmForAnotherMethodIsRefused() {
        User user = open.ids().newUser();
        assertRefused(user, user.token(TestHold.HOLD_DID, "io.atcr.hold.initiateUpload"), "BadJwtLexiconMethod",
                "for io.atcr.hold.initiateUpload, not " + NSID);
    }

    @Test
    void unsignedTokenIsRefused() {
        User user = open.ids().newUser();
        assertRefused(user, user.unsignedToken(TestHold.HOLD_DID, NSID), "BadJwt", "alg none");
    }

    @Test
    void unknownAlgorithmIsRefused() {
        User user = open.ids().newUser();
        String valid = user.token(TestHold.HOLD_DID, NSID);
        String hs256 = Base64URL.encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + valid.substring(valid.indexOf('.'));
        assertRefused(user, hs256, "BadJwt", "algorithm HS256 is not accepted");
    }

    @Test
    void highSSignatureIsRefused() {
        User user = open.ids().newUser();
        assertRefused(user, user.highSToken(TestHold.HOLD_DID, NSID), "BadJwtSignature", "high-S");
    }

    @Test
    void highSSignatureOnP256IsRefused() {
        User user = open.ids().newP256User();
        assertRefused(user, user.highSToken(TestHold.HOLD_DID, NSID), "BadJwtSignature", "high-S");
    }

    @Test
    void truncatedTokenIsRefused() {
        User user = open.ids().newUser();
        String token = user.token(TestHold.HOLD_DID, NSID);
        assertRefused(user, token.substring(0, token.length() - 12), "BadJwtSignature", "64 bytes");
    }

    @Test
    void tokenCutBeforeItsSignatureIsRefused() {
        User user = open.ids().newUser();
        String token = user.token(TestHold.HOLD_DID, NSID);
        assertRefused(user, token.substring(0, token.lastIndexOf('.')), "BadJwt", "malformed");
    }

    @Test
    void garbageIsRefused() {
        User user = open.ids().newUser();
        assertRefused(user, "not-a-token", "BadJwt", "malformed");
    }

    @Test
    void unknownDidIsRefused() {
        User user = open.ids().newUser();
        user.serve(User.Document.UNKNOWN);
        assertRefusedGenerically(user);
    }

    @Test
    void resolverTimeoutIsRefused() {
        User user = open.ids().newUser();
        user.serve(User.Document.STALLED);
        assertRefusedGenerically(user);
    }

    @Test
    void oversizedDocumentIsRefused() {
        User user = open.ids().newUser();
        user.serve(User.Document.OVERSIZED);
        assertRefusedGenerically(user);
    }

    @Test
    void issuerThatIsNotADidIsRefused() {
        User user = open.ids().newUser();
        assertRefused(user, user.token(user.claims(TestHold.HOLD_DID, NSID).issuer("alice.test").build()), "BadJwtIssuer",
                "iss must be");
    }

    @Test
    void redirectsAreNotFollowed() {
        User user = open.ids().newWebUser();
        user.serve(User.Document.REDIRECTED);
        assertRefusedGenerically(user);
        assertEquals(1, open.ids().fetches(user), "the redirect's target was fetched");
    }

    @ParameterizedTest
    @ValueSource(strings = {"did:web:a..b", "did:web:-", "did:web:.", "did:web:999.999.999.999", "did:web:xn--",
            "did:web:127.1", "did:plc:UPPERCASEUPPERCASEUPPERCA", "did:plc:abc", "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"})
    void malformedIssuerIsRefused(String issuer) {
        User user = open.ids().newUser();
        assertRefused(user, user.token(user.claims(TestHold.HOLD_DID, NSID).issuer(issuer).build()), "BadJwtIssuer", "iss must be");
    }

    @ParameterizedTest
    @ValueSource(strings = {"at+jwt", "refresh+jwt", "dpop+jwt", "AT+JWT"})
    void accessRefreshAndDpopTokensAreNoServiceTokens(String type) {
        User user = open.ids().newUser();
        assertRefused(user, user.typedToken(type, TestHold.HOLD_DID, NSID), "BadJwt", "not a service token");
    }

    @Test
    void nonCanonicalSignatureTextIsRefused() {
        User user = open.ids().newUser();
        assertRefused(user, user.nonCanonicalToken(TestHold.HOLD_DID, NSID), "BadJwtSignature", "canonical");
    }

    /** Why a DID did not resolve is the operator's to read in the log; the caller learns only that it did not. */
    private static void assertRefusedGenerically(User user) {
        XrpcResponse response = assertRefused(user, user.token(TestHold.HOLD_DID, NSID), "BadJwtIssuer",
                "could not resolve the issuer's DID document");
        for (String cause : new String[] {"timed out", "HTTP", "connect", "KiB", "redirect", "refused"}) {
            assertFalse(response.message().contains(cause), response.message());
        }
    }

    @Test
    void authorizationWithoutBearerIsRefused() {
        User user = open.ids().newUser();
        XrpcResponse response = open.hold().post("/xrpc/" + NSID, Map.of(), "Authorization", "Basic dXNlcjpwYXNz");
        assertEquals(401, response.status());
        assertTrue(response.message().contains("Bearer"), response.message());
        assertTrue(open.hold().hold().crew().find(user.did()).isEmpty());
    }

    @Test
    void missingTokenIsRefusedWhereAuthIsRequired() {
        XrpcResponse response = open.hold().post("/xrpc/" + NSID, Map.of());
        assertEquals(401, response.status());
        assertEquals("AuthRequired", response.error());
    }
}
