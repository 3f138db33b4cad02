package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.identity.KeyAlgorithm;
import io.atcr.hold.identity.Multikey;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.XrpcResponse;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The hold is an ATProto identity: did:web of its host, a handle, a repository key in its DID document. */
class IdentityTest {
    @AutoClose
    private static final TestHold hold = TestHold.builder().start();

    private static Path keyFile(TestHold hold) {
        return Path.of(hold.env().get("HOLD_DATABASE_DIR")).resolve("signing.key");
    }

    /** The public key of a key file's 32-byte secret, computed here from the file. */
    static String publicKeyOf(Path file) throws Exception {
        return Multikey.ofPrivate(KeyAlgorithm.ES256K, new BigInteger(1, Files.readAllBytes(file))).encode();
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
    void theDidDocumentPublishesTheSigningKeyHandleAndBothServices() throws Exception {
        JsonNode doc = hold.get("/.well-known/did.json").json();
        assertEquals(TestHold.HOLD_DID, doc.path("id").asText());
        assertEquals("at://hold.test", doc.path("alsoKnownAs").get(0).asText());
        JsonNode key = doc.path("verificationMethod").get(0);
        assertEquals(TestHold.HOLD_DID + "#atproto", key.path("id").asText());
        assertEquals("Multikey", key.path("type").asText());
        assertEquals(TestHold.HOLD_DID, key.path("controller").asText());
        assertEquals(publicKeyOf(keyFile(hold)), key.path("publicKeyMultibase").asText());
        assertEquals(KeyAlgorithm.ES256K, Multikey.decode(key.path("publicKeyMultibase").asText()).algorithm());
        assertEquals("#atproto_pds|AtprotoPersonalDataServer|" + TestHold.PUBLIC_URL, service(doc, 0));
        assertEquals("#atcr_hold|AtcrHoldService|" + TestHold.PUBLIC_URL, service(doc, 1));
    }

    private static String service(JsonNode doc, int i) {
        JsonNode s = doc.path("service").get(i);
        return s.path("id").asText() + "|" + s.path("type").asText() + "|" + s.path("serviceEndpoint").asText();
    }

    @Test
    void theKeyFileIsTheOwnersAloneAndSurvivesARestart() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile(hold))));
        String before = hold.get("/.well-known/did.json").json().path("verificationMethod").get(0).path("publicKeyMultibase").asText();
        try (TestHold again = TestHold.builder().env("HOLD_DATABASE_DIR", hold.env().get("HOLD_DATABASE_DIR")).start()) {
            assertEquals(before, again.get("/.well-known/did.json").json().path("verificationMethod").get(0)
                    .path("publicKeyMultibase").asText());
        }
    }

    @Test
    void anOperatorsKeyFileInHexIsUsedAndABadOneStopsTheStart() throws Exception {
        Path dir = Files.createTempDirectory("hold-key");
        Path key = dir.resolve("operator.key");
        Files.writeString(key, "0000000000000000000000000000000000000000000000000000000000000002\n");
        try (TestHold operated = TestHold.builder().env("HOLD_SIGNING_KEY_PATH", key.toString()).start()) {
            assertEquals(Multikey.ofPrivate(KeyAlgorithm.ES256K, BigInteger.TWO).encode(), operated.get("/.well-known/did.json")
                    .json().path("verificationMethod").get(0).path("publicKeyMultibase").asText());
            Files.writeString(key, "not a key");
            TestHold.CommandResult check = operated.cli("config", "check");
            assertEquals(2, check.code());
            assertTrue(check.err().strip().startsWith("error: HOLD_SIGNING_KEY_PATH=" + key + ": "), check.err());
            assertEquals(1, check.err().strip().lines().count());
        }
    }

    @Test
    void theHandleResolvesToTheHoldDid() {
        assertEquals(TestHold.HOLD_DID, hold.get("/.well-known/atproto-did").body());
        assertTrue(hold.get("/.well-known/atproto-did").contentType().startsWith("text/plain"));
        assertEquals(TestHold.HOLD_DID, hold.get("/xrpc/com.atproto.identity.resolveHandle?handle=hold.test").json().path("did").asText());
        hold.get("/xrpc/com.atproto.identity.resolveHandle?handle=alice.bsky.social").assertXrpcError(400, "HandleNotFound");
    }

    @Test
    void holdDidOfAUrlWithAPortEncodesThePort() {
        var identity = io.atcr.hold.identity.HoldIdentity.of(java.net.URI.create("https://hold.example:8443"),
                "https://hold.example:8443", Multikey.ofPrivate(KeyAlgorithm.ES256K, BigInteger.TWO));
        assertEquals("did:web:hold.example%3A8443", identity.did());
        assertEquals("hold.example", identity.handle());
    }

    @Test
    void aHostThatIsNoHandleGivesHandleInvalidWhereALexiconRequiresOneAndNoneInIdentityFrames() {
        try (TestHold onAnAddress = TestHold.builder().env("HOLD_PUBLIC_URL", "http://203.0.113.7").start()) {
            JsonNode described = onAnAddress.get("/xrpc/com.atproto.repo.describeRepo?repo=did:web:203.0.113.7").json();
            assertEquals("handle.invalid", described.path("handle").asText(), described.toString());
            try (io.atcr.hold.testing.FirehoseClient replay = io.atcr.hold.testing.FirehoseClient.connect(onAnAddress, "?cursor=0")) {
                io.atcr.hold.testing.FirehoseClient.Frame frame = replay.next();
                while (!frame.type().equals("#identity")) {
                    frame = replay.next();
                }
                assertEquals("did:web:203.0.113.7", frame.body().path("did").asText());
                assertTrue(frame.body().path("handle").isMissingNode(), "no handle, rather than an invalid one: " + frame);
            }
        }
        assertEquals("hold.test", hold.get("/xrpc/com.atproto.repo.describeRepo?repo=" + TestHold.HOLD_DID).json()
                .path("handle").asText(), "a host that is a handle is the handle");
    }
}
