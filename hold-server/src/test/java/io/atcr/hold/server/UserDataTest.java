package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.Lexicons;
import io.atcr.hold.testing.Pushes;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.UploadingCrew;
import io.atcr.hold.testing.XrpcResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * exportUserData answers everything the hold keeps that names the caller; deleteUserData deletes it (the captain keeps
 * their crew record), and blobs stay until garbage collection.
 */
class UserDataTest {
    private static final String EXPORT = "io.atcr.hold.exportUserData";
    private static final String DELETE = "io.atcr.hold.deleteUserData";
    @AutoClose
    private static final UploadingCrew crew = UploadingCrew.start();

    private static XrpcResponse export(Blobs who) {
        XrpcResponse answer = crew.hold.get("/xrpc/" + EXPORT, "Authorization", who.user().bearer(EXPORT));
        assertEquals(200, answer.status(), answer.body());
        Lexicons.assertOutputMatches(EXPORT, answer.json());
        return answer;
    }

    private static XrpcResponse delete(Blobs who) {
        XrpcResponse answer = crew.hold.post("/xrpc/" + DELETE, "{}", "Authorization", who.user().bearer(DELETE));
        assertEquals(200, answer.status(), answer.body());
        Lexicons.assertOutputMatches(DELETE, answer.json());
        return answer;
    }

    /** A member who pushed one image (config and a layer) to "exported". */
    private static Blobs memberWithAnImage() {
        Blobs member = crew.newMember();
        Pushes pushes = new Pushes(crew.hold, member);
        assertEquals(200, pushes.push("exported", Pushes.manifestDigest("export"),
                Pushes.image(pushes.config(20, 1), List.of(pushes.layer(30, 2)))).status());
        return member;
    }

    @Test
    void aMemberExportsTheirCrewLayerAndStatsRecords() {
        Blobs member = memberWithAnImage();
        JsonNode export = export(member).json();
        assertEquals(TestHold.HOLD_DID, export.path("holdDid").asText());
        assertEquals(member.user().did(), export.path("userDid").asText());
        assertFalse(export.path("isCaptain").asBoolean());
        assertEquals("write", export.path("crewRecord").path("role").asText());
        assertEquals(2, export.path("layerRecords").size());
        assertEquals("exported", export.path("statsRecords").get(0).path("repository").asText());
        assertEquals(1, export.path("statsRecords").get(0).path("pushCount").asInt());
        assertEquals(0, export.path("blueskyPosts").size());
        assertTrue(export.toString().contains(member.user().did()) && !export.toString().contains(crew.blobs.user().did()),
                "only the caller's data");
    }

    @Test
    void anExportOfMoreLayerRecordsThanOnePageHasEachOnce() {
        Blobs member = crew.newMember();
        Pushes pushes = new Pushes(crew.hold, member);
        List<Map<String, Object>> layers = List.of(pushes.layer(10, 60), pushes.layer(11, 61));
        int manifests = io.atcr.hold.userdata.UserData.LAYER_PAGE / 2 + 20;
        for (int i = 0; i < manifests; i++) {
            assertEquals(200, pushes.push("paged", Pushes.manifestDigest("paged" + i), Pushes.image(null, layers)).status());
        }
        JsonNode records = export(member).json().path("layerRecords");
        assertEquals(2 * manifests, records.size());
        java.util.Set<String> manifestUris = new java.util.HashSet<>();
        records.forEach(r -> manifestUris.add(r.path("manifest").asText()));
        assertEquals(manifests, manifestUris.size());
    }

    @Test
    void aStrangerExportsNothingAndDeletesNothing() {
        Blobs stranger = new Blobs(crew.hold, crew.ids.newUser());
        JsonNode export = export(stranger).json();
        assertFalse(export.has("crewRecord"));
        assertEquals(0, export.path("layerRecords").size());
        assertEquals(0, export.path("statsRecords").size());
        JsonNode deleted = delete(stranger).json();
        assertEquals(Map.of("success", true, "crewDeleted", false, "layersDeleted", 0, "statsDeleted", 0),
                Map.of("success", deleted.path("success").asBoolean(), "crewDeleted", deleted.path("crewDeleted").asBoolean(),
                        "layersDeleted", deleted.path("layersDeleted").asInt(), "statsDeleted", deleted.path("statsDeleted").asInt()));
    }

    @Test
    void aMemberDeletesTheirRecordsAndUsageWhileBlobsStay() {
        Blobs member = memberWithAnImage();
        String layer = export(member).json().path("layerRecords").get(1).path("digest").asText();
        JsonNode deleted = delete(member).json();
        assertTrue(deleted.path("success").asBoolean());
        assertTrue(deleted.path("crewDeleted").asBoolean());
        assertEquals(2, deleted.path("layersDeleted").asInt());
        assertEquals(1, deleted.path("statsDeleted").asInt());

        JsonNode after = export(member).json();
        assertFalse(after.has("crewRecord"));
        assertEquals(0, after.path("layerRecords").size() + after.path("statsRecords").size());
        assertEquals(0, crew.hold.get("/xrpc/io.atcr.hold.getQuota?userDid=" + member.user().did()).json()
                .path("totalSize").asLong(), "usage goes with the records");
        assertEquals(200, crew.blobs.download(layer).status(), "the blob stays until garbage collection");
        assertEquals(0, delete(member).json().path("layersDeleted").asInt(), "a second delete finds nothing");
    }

    @Test
    void theCaptainKeepsTheirCrewRecord() {
        try (TestIdentities ids = TestIdentities.start()) {
            TestIdentities.User captain = ids.newUser();
            try (TestHold captained = TestHold.builder().identities(ids).owner(captain.did()).start()) {
                captained.addCrew(captain.did());
                XrpcResponse export = captained.get("/xrpc/" + EXPORT, "Authorization", captain.bearer(EXPORT));
                Lexicons.assertOutputMatches(EXPORT, export.json());
                assertTrue(export.json().path("isCaptain").asBoolean());
                JsonNode deleted = captained.post("/xrpc/" + DELETE, "{}", "Authorization", captain.bearer(DELETE)).json();
                Lexicons.assertOutputMatches(DELETE, deleted);
                assertFalse(deleted.path("crewDeleted").asBoolean());
                assertTrue(captained.get("/xrpc/" + EXPORT, "Authorization", captain.bearer(EXPORT)).json()
                        .has("crewRecord"), "the captain's crew record stays");
            }
        }
    }

    @Test
    void bothNeedACaller() {
        crew.hold.get("/xrpc/" + EXPORT).assertXrpcError(401, "AuthRequired");
        crew.hold.post("/xrpc/" + DELETE, "{}").assertXrpcError(401, "AuthRequired");
        crew.hold.post("/xrpc/" + DELETE, "[1]", "Authorization", crew.blobs.user().bearer(DELETE))
                .assertXrpcError(400, "InvalidRequest");
    }

    @Test
    void aDeleteRacingPushesLeavesUsageEqualToTheRecordsLeft() throws Exception {
        Blobs member = crew.newMember();
        Pushes pushes = new Pushes(crew.hold, member);
        List<Map<String, Object>> layers = List.of(pushes.layer(100, 10), pushes.layer(200, 11), pushes.layer(300, 12));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                crew.hold.addCrew(member.user().did());
                int r = round;
                List<Future<?>> calls = List.of(
                        pool.submit(() -> pushes.push("race", Pushes.manifestDigest("race-a" + r), Pushes.image(null, layers.subList(0, 2)))),
                        pool.submit(() -> delete(member)),
                        pool.submit(() -> pushes.push("race", Pushes.manifestDigest("race-b" + r), Pushes.image(null, layers.subList(1, 3)))));
                for (Future<?> call : calls) {
                    call.get();
                }
                JsonNode export = export(member).json();
                long recorded = 0;
                java.util.Set<String> distinct = new java.util.HashSet<>();
                for (JsonNode record : export.path("layerRecords")) {
                    if (distinct.add(record.path("digest").asText())) {
                        recorded += record.path("size").asLong();
                    }
                }
                JsonNode quota = crew.hold.get("/xrpc/io.atcr.hold.getQuota?userDid=" + member.user().did()).json();
                assertEquals(recorded, quota.path("totalSize").asLong(), "round " + round + ": " + export);
                assertEquals(distinct.size(), quota.path("uniqueBlobs").asInt());
            }
        } finally {
            pool.shutdown();
        }
    }
}
