package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.Lexicons;
import io.atcr.hold.testing.Pushes;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.UploadingCrew;
import io.atcr.hold.testing.XrpcResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Pushes and pulls count in the repository's io.atcr.hold.stats record, kept under upstream's record key. */
class RepositoryStatsTest {
    @AutoClose
    private static final UploadingCrew crew = UploadingCrew.start();

    /** Upstream's key; StatsKeyTest checks it against keys computed apart from this code. */
    static String upstreamKey(String owner, String repository) {
        return io.atcr.hold.stats.StatsKey.of(owner, repository);
    }

    private static JsonNode stats(String rkey) {
        XrpcResponse record = crew.hold.get("/xrpc/com.atproto.repo.getRecord?repo=" + TestHold.HOLD_DID
                + "&collection=io.atcr.hold.stats&rkey=" + rkey);
        assertEquals(200, record.status(), record.body());
        Lexicons.assertRecordMatches("io.atcr.hold.stats", record.json().path("value"));
        return record.json().path("value");
    }

    @Test
    void pushesAndPullsAreCountedUnderUpstreamsKey() {
        Blobs member = crew.newMember();
        Pushes pushes = new Pushes(crew.hold, member);
        String digest = Pushes.manifestDigest("counted");
        Map<String, Object> manifest = Pushes.image(pushes.config(20, 1), List.of(pushes.layer(30, 2)));
        assertEquals(200, pushes.push("tools/counted", digest, manifest).status());
        assertEquals(200, pushes.push("tools/counted", digest, manifest).status());
        XrpcResponse pulled = pushes.pull("tools/counted", digest);
        assertEquals(200, pulled.status(), pulled.body());
        Lexicons.assertOutputMatches(Pushes.NOTIFY, pulled.json());
        assertEquals("pull", pulled.json().path("operation").asText());
        assertTrue(pulled.json().path("statsUpdated").asBoolean());
        assertEquals(0, pulled.json().path("layersCreated").asInt());

        String rkey = upstreamKey(member.user().did(), "tools/counted");
        assertEquals(26, rkey.length());
        JsonNode value = stats(rkey);
        assertEquals(member.user().did(), value.path("ownerDid").asText());
        assertEquals("tools/counted", value.path("repository").asText());
        assertEquals(2, value.path("pushCount").asInt());
        assertEquals(1, value.path("pullCount").asInt());
        assertTrue(value.has("lastPush") && value.has("lastPull"));
    }

    @Test
    void aPullBeforeAnyPushCreatesTheRecordWithoutALastPush() {
        Blobs member = crew.newMember();
        assertEquals(200, new Pushes(crew.hold, member).pull("pulled-only", Pushes.manifestDigest("p")).status());
        JsonNode value = stats(upstreamKey(member.user().did(), "pulled-only"));
        assertEquals(0, value.path("pushCount").asInt());
        assertEquals(1, value.path("pullCount").asInt());
        assertFalse(value.has("lastPush"));
    }

    @Test
    void aRefusedPushCountsNothing() {
        Blobs member = crew.newMember();
        Pushes pushes = new Pushes(crew.hold, member);
        XrpcResponse refused = pushes.push("refused", Pushes.manifestDigest("r"),
                Map.of("layers", List.of(Map.of("digest", Blobs.digest(new byte[] {1}), "size", 1))));
        refused.assertXrpcError(400, "BlobNotFound");
        crew.hold.get("/xrpc/com.atproto.repo.getRecord?repo=" + TestHold.HOLD_DID + "&collection=io.atcr.hold.stats&rkey="
                + upstreamKey(member.user().did(), "refused")).assertXrpcError(404, "RecordNotFound");
    }

    @Test
    void concurrentPushesAndPullsAreAllCounted() throws Exception {
        Blobs member = crew.newMember();
        Pushes pushes = new Pushes(crew.hold, member);
        Map<String, Object> manifest = Pushes.image(null, List.of(pushes.layer(10, 3)));
        String digest = Pushes.manifestDigest("busy");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<XrpcResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                boolean push = i % 3 == 0;
                calls.add(pool.submit(() -> push ? pushes.push("busy", digest, manifest) : pushes.pull("busy", digest)));
            }
            for (Future<XrpcResponse> call : calls) {
                assertEquals(200, call.get().status());
            }
        } finally {
            pool.shutdown();
        }
        JsonNode value = stats(upstreamKey(member.user().did(), "busy"));
        assertEquals(10, value.path("pushCount").asInt());
        assertEquals(20, value.path("pullCount").asInt());
        assertEquals(1, crew.hold.get("/xrpc/io.atcr.hold.getLayersForManifest?manifest=" + pushes.manifestUri(digest),
                "Authorization", member.user().bearer("io.atcr.hold.getLayersForManifest")).json().path("layers").size(),
                "ten pushes of one manifest record its layer once");
    }
}
