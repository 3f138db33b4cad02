package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.Lexicons;
import io.atcr.hold.testing.Quotas;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** notifyManifest records layers and holds each user to their tier's limit, counting each digest once. */
class NotifyManifestTest {
    private static final String NOTIFY = "io.atcr.hold.notifyManifest";
    private static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static TestIdentities ids;
    private static TestIdentities.User captain;
    private static TestHold hold;

    @BeforeAll
    static void start() {
        ids = TestIdentities.start();
        captain = ids.newUser();
        hold = TestHold.builder().identities(ids).quotas(Quotas.SMALL).owner(captain.did()).start();
    }

    @AfterAll
    static void stop() {
        hold.close();
        ids.close();
    }

    private static TestIdentities.User crew() {
        TestIdentities.User user = ids.newUser();
        hold.cli("crew", "add", user.did());
        return user;
    }

    /** Uploads a blob of {@code size} bytes (distinct per seed) and answers it as a manifest layer. */
    private static Map<String, Object> layer(TestIdentities.User user, int size, long seed) {
        String digest = new Blobs(hold, user).upload(Blobs.bytes(size, seed), 4096);
        return Map.of("digest", digest, "size", size, "mediaType", LAYER_TYPE);
    }

    private static XrpcResponse push(TestIdentities.User user, String repository, List<Map<String, Object>> layers) {
        return hold.post("/xrpc/" + NOTIFY, Map.of("repository", repository, "userDid", user.did(),
                "manifestDigest", Blobs.digest(repository.getBytes()), "tag", "latest", "operation", "push",
                "manifest", Map.of("layers", layers)), "Authorization", user.bearer(NOTIFY));
    }

    private static JsonNode quota(TestIdentities.User user) {
        return hold.get("/xrpc/io.atcr.hold.getQuota?userDid=" + user.did()).json();
    }

    @Test
    void exactlyAtTheLimitPasses() {
        TestIdentities.User user = crew();
        XrpcResponse answer = push(user, "app", List.of(layer(user, 1000, 1), layer(user, 24, 2)));
        assertEquals(200, answer.status(), answer.body());
        Lexicons.assertOutputMatches(NOTIFY, answer.json());
        assertEquals(2, answer.json().path("layersCreated").asInt());
        assertEquals(1024, quota(user).path("totalSize").asLong());
    }

    @Test
    void oneByteOverFailsAndRecordsNothing() {
        TestIdentities.User user = crew();
        // Stored by the captain: the user could not even upload past their limit (their pending bytes count).
        XrpcResponse answer = push(user, "app", List.of(layer(captain, 1000, 3), layer(captain, 25, 4)));
        assertEquals(403, answer.status());
        assertEquals("QuotaExceeded", answer.error());
        assertTrue(answer.message().contains("1025 bytes (1 KB)") && answer.message().contains("1024 bytes (1 KB)"),
                answer.message());
        assertEquals(0, quota(user).path("totalSize").asLong());
        assertEquals(0, quota(user).path("uniqueBlobs").asLong());
    }

    @Test
    void theSameLayersPushedTwiceCountOnce() {
        TestIdentities.User user = crew();
        List<Map<String, Object>> layers = List.of(layer(user, 600, 5), layer(user, 300, 6));
        assertEquals(200, push(user, "app", layers).status());
        XrpcResponse again = push(user, "app", layers);
        assertEquals(200, again.status());
        assertEquals(0, again.json().path("layersCreated").asInt());
        assertEquals(200, push(user, "other-repo", layers).status(), "another repository with the same layers adds nothing");
        assertEquals(900, quota(user).path("totalSize").asLong());
        assertEquals(2, quota(user).path("uniqueBlobs").asLong());
    }

    @Test
    void theCaptainIsUnlimited() {
        List<Map<String, Object>> layers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            layers.add(layer(captain, 4096, 100 + i));
        }
        XrpcResponse answer = push(captain, "big", layers);
        assertEquals(200, answer.status(), answer.body());
        assertEquals(12288, quota(captain).path("totalSize").asLong());
        assertFalse(quota(captain).has("limit"));
    }

    @Test
    void callerMustBeTheUserNamed() {
        TestIdentities.User user = crew();
        TestIdentities.User other = crew();
        XrpcResponse answer = hold.post("/xrpc/" + NOTIFY, Map.of("repository", "app", "userDid", other.did(),
                "manifestDigest", Blobs.digest(new byte[0]), "manifest", Map.of("layers", List.of())),
                "Authorization", user.bearer(NOTIFY));
        assertEquals(403, answer.status());
        assertEquals("UserMismatch", answer.error());
        assertEquals(401, hold.post("/xrpc/" + NOTIFY, Map.of()).status());
    }

    @Test
    void layersMustBeStoredWithTheirSize() {
        TestIdentities.User user = crew();
        XrpcResponse missing = push(user, "app", List.of(Map.of("digest", Blobs.digest(new byte[] {9}), "size", 1,
                "mediaType", LAYER_TYPE)));
        missing.assertXrpcError(400, "BlobNotFound");
        Map<String, Object> layer = layer(user, 100, 7);
        XrpcResponse lying = push(user, "app", List.of(Map.of("digest", layer.get("digest"), "size", 1, "mediaType", LAYER_TYPE)));
        assertEquals(400, lying.status());
        assertEquals("SizeMismatch", lying.error());
    }

    @Test
    void onlyCrewWhoMayWriteBlobsMayNotify() {
        TestIdentities.User stranger = ids.newUser();
        push(stranger, "app", List.of()).assertXrpcError(403, "Forbidden");
        TestIdentities.User reader = ids.newUser();
        hold.cli("crew", "add", reader.did(), "--permissions", "blob:read");
        push(reader, "app", List.of()).assertXrpcError(403, "Forbidden");
        assertEquals(0, quota(stranger).path("uniqueBlobs").asInt());
    }

    @Test
    void aCallerWhoMayNotReadBlobsLearnsNothingOfThem() {
        TestIdentities.User writer = ids.newUser();
        hold.cli("crew", "add", writer.did(), "--permissions", "blob:write");
        Map<String, Object> stored = layer(crew(), 100, 8);
        XrpcResponse lying = push(writer, "app", List.of(Map.of("digest", stored.get("digest"), "size", 1, "mediaType", LAYER_TYPE)));
        XrpcResponse absent = push(writer, "app", List.of(Map.of("digest", Blobs.digest(new byte[] {8}), "size", 1,
                "mediaType", LAYER_TYPE)));
        lying.assertXrpcError(400, "BlobNotFound");
        absent.assertXrpcError(400, "BlobNotFound");
        assertFalse(lying.message().contains("100"), lying.message());
        assertEquals(absent.message().replace(Blobs.digest(new byte[] {8}), "D"),
                lying.message().replace((String) stored.get("digest"), "D"), "a stored blob and a missing one answer alike");
    }

    @Test
    void layerRecordsAreServedAndMatchTheirLexicon() {
        TestIdentities.User user = crew();
        Map<String, Object> layer = layer(user, 10, 8);
        assertEquals(200, push(user, "records-app", List.of(layer)).status());
        JsonNode records = hold.get("/xrpc/com.atproto.repo.listRecords?repo=" + TestHold.HOLD_DID
                + "&collection=io.atcr.hold.layer&limit=100").json().path("records");
        JsonNode mine = null;
        for (JsonNode record : records) {
            if (record.path("value").path("repository").asText().equals("records-app")) {
                mine = record.path("value");
            }
        }
        assertTrue(mine != null, "the layer record is listed: " + records);
        Lexicons.assertRecordMatches("io.atcr.hold.layer", mine);
        assertEquals(layer.get("digest"), mine.path("digest").asText());
        assertEquals(user.did(), mine.path("userDid").asText());
    }
}
