package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A push records one layer record per blob of the manifest, config included, each naming the manifest's AT-URI;
 * getLayersForManifest answers them; an image index records none of its own.
 */
class ManifestLayersTest {
    private static final String LAYERS = "io.atcr.hold.getLayersForManifest";
    private static UploadingCrew crew;
    private static Pushes pushes;

    @BeforeAll
    static void start() {
        crew = UploadingCrew.start();
        pushes = new Pushes(crew.hold, crew.blobs);
    }

    @AfterAll
    static void stop() {
        crew.close();
    }

    private static XrpcResponse layersOf(String manifestUri, Blobs reader) {
        return crew.hold.get("/xrpc/" + LAYERS + "?manifest=" + manifestUri, "Authorization", reader.user().bearer(LAYERS));
    }

    @Test
    void aPushRecordsTheConfigAndEachLayerUnderTheManifestsUri() {
        Blobs member = crew.newMember();
        Pushes pushes = new Pushes(crew.hold, member);
        Map<String, Object> config = pushes.config(120, 1);
        List<Map<String, Object>> layers = List.of(pushes.layer(300, 2), pushes.layer(400, 3));
        String digest = Pushes.manifestDigest("config-and-layers");
        XrpcResponse pushed = pushes.push("app", digest, Pushes.image(config, layers));
        assertEquals(200, pushed.status(), pushed.body());
        Lexicons.assertOutputMatches(Pushes.NOTIFY, pushed.json());
        assertEquals(3, pushed.json().path("layersCreated").asInt());
        assertEquals(true, pushed.json().path("statsUpdated").asBoolean());
        assertFalse(pushed.json().path("postCreated").asBoolean());

        XrpcResponse answer = layersOf(pushes.manifestUri(digest), member);
        assertEquals(200, answer.status(), answer.body());
        Lexicons.assertOutputMatches(LAYERS, answer.json());
        JsonNode records = answer.json().path("layers");
        assertEquals(List.of(config.get("digest"), layers.get(0).get("digest"), layers.get(1).get("digest")), digests(records));
        assertEquals("application/vnd.oci.image.config.v1+json", records.get(0).path("mediaType").asText());
        assertEquals(Pushes.LAYER_TYPE, records.get(1).path("mediaType").asText());
        for (JsonNode record : records) {
            assertEquals(pushes.manifestUri(digest), record.path("manifest").asText());
        }
        assertEquals(820, crew.hold.get("/xrpc/io.atcr.hold.getQuota?userDid=" + member.user().did()).json()
                .path("totalSize").asLong(), "the config counts toward usage");
    }

    @Test
    void aMultiArchPushRecordsTheChildrensBlobsAndNoneForTheIndex() {
        Map<String, Object> sharedConfig = pushes.config(50, 10);
        String amd64 = Pushes.manifestDigest("amd64");
        String arm64 = Pushes.manifestDigest("arm64");
        assertEquals(2, pushes.push("multi", amd64, Pushes.image(sharedConfig, List.of(pushes.layer(200, 11))))
                .json().path("layersCreated").asInt());
        assertEquals(2, pushes.push("multi", arm64, Pushes.image(sharedConfig, List.of(pushes.layer(210, 12))))
                .json().path("layersCreated").asInt());
        String index = Pushes.manifestDigest("index");
        XrpcResponse indexPush = pushes.push("multi", index, Pushes.index(amd64, arm64));
        assertEquals(200, indexPush.status(), indexPush.body());
        assertEquals(0, indexPush.json().path("layersCreated").asInt());
        assertEquals(0, layersOf(pushes.manifestUri(index), crew.blobs).json().path("layers").size());
        assertEquals(2, layersOf(pushes.manifestUri(arm64), crew.blobs).json().path("layers").size());
    }

    @Test
    void pushingAManifestAgainRecordsNothingNew() {
        String digest = Pushes.manifestDigest("again");
        Map<String, Object> manifest = Pushes.image(pushes.config(30, 20), List.of(pushes.layer(40, 21)));
        assertEquals(2, pushes.push("again", digest, manifest).json().path("layersCreated").asInt());
        assertEquals(0, pushes.push("again", digest, manifest).json().path("layersCreated").asInt());
        assertEquals(2, layersOf(pushes.manifestUri(digest), crew.blobs).json().path("layers").size());
    }

    @Test
    void aLayerWithoutAMediaTypeIsRecordedAsAnOciLayer() {
        String blob = crew.blobs.upload(Blobs.bytes(64, 30), 4096);
        String digest = Pushes.manifestDigest("untyped");
        assertEquals(200, pushes.push("untyped", digest, Map.of("layers", List.of(Map.of("digest", blob, "size", 64))))
                .status());
        assertEquals(Pushes.LAYER_TYPE, layersOf(pushes.manifestUri(digest), crew.blobs).json()
                .path("layers").get(0).path("mediaType").asText());
    }

    @Test
    void onAPrivateHoldOnlyReadersSeeAManifestsLayers() {
        String digest = Pushes.manifestDigest("private");
        pushes.push("private", digest, Pushes.image(null, List.of(pushes.layer(10, 40))));
        String uri = pushes.manifestUri(digest);
        crew.hold.get("/xrpc/" + LAYERS + "?manifest=" + uri).assertXrpcError(401, "AuthRequired");
        Blobs stranger = new Blobs(crew.hold, crew.ids.newUser());
        layersOf(uri, stranger).assertXrpcError(403, "Forbidden");
        Blobs writer = crew.newMember("--permissions", "blob:write");
        layersOf(uri, writer).assertXrpcError(403, "Forbidden");
    }

    @Test
    void onAPublicHoldAnyoneSeesAManifestsLayers() {
        try (UploadingCrew open = UploadingCrew.start(b -> b.env("HOLD_PUBLIC", "true"))) {
            Pushes openPushes = new Pushes(open.hold, open.blobs);
            String digest = Pushes.manifestDigest("public");
            openPushes.push("public", digest, Pushes.image(null, List.of(openPushes.layer(10, 50))));
            XrpcResponse answer = open.hold.get("/xrpc/" + LAYERS + "?manifest=" + openPushes.manifestUri(digest));
            assertEquals(1, answer.json().path("layers").size(), answer.body());
        }
    }

    @Test
    void aMalformedManifestUriIsRefused() {
        for (String bad : List.of("", "sha256:abc", "at://" + TestHold.HOLD_DID + "/io.atcr.hold.layer/x", "at://nobody/io.atcr.manifest/x")) {
            layersOf(bad, crew.blobs).assertXrpcError(400, "InvalidRequest");
        }
    }

    @Test
    void malformedBlobsAndOperationsAreRefusedAndRecordNothing() {
        String digest = Pushes.manifestDigest("malformed");
        pushes.notify("delete", "bad", digest, Map.of()).assertXrpcError(400, "InvalidOperation");
        pushes.push("bad", digest, Map.of("layers", List.of(Map.of("size", 1)))).assertXrpcError(400, "InvalidRequest");
        pushes.push("bad", digest, Map.of("config", Map.of("digest", Blobs.digest(new byte[1])))).assertXrpcError(400, "InvalidRequest");
        pushes.push("bad", "sha256:nothex", Map.of()).assertXrpcError(400, "InvalidDigest");
        pushes.push("x".repeat(257), digest, Map.of()).assertXrpcError(400, "InvalidRequest");
        assertEquals(0, layersOf(pushes.manifestUri(digest), crew.blobs).json().path("layers").size());
    }

    private static List<String> digests(JsonNode records) {
        List<String> out = new ArrayList<>();
        records.forEach(r -> out.add(r.path("digest").asText()));
        return out;
    }
}
