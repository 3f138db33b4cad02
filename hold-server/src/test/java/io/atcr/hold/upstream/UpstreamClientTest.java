package io.atcr.hold.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.Lexicons;
import io.atcr.hold.testing.Pushes;
import io.atcr.hold.testing.Quotas;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import io.atcr.hold.testing.Storage;

/**
 * A client written against upstream's lexicons alone (the ATCR AppView's view of a hold): every answer validates
 * against upstream's published schema, and every condition upstream names an error for gets that name, on every
 * storage driver (on S3 the client PUTs its parts to the bucket's presigned URLs, as the AppView does).
 */
@ParameterizedClass
@ArgumentsSource(Storage.Drivers.class)
class UpstreamClientTest {
    @Parameter
    Storage storage;
    private static TestIdentities ids;
    private static TestIdentities.User appView;
    private static TestIdentities.User captain;
    private static TestHold hold;
    private static Blobs member;

    @BeforeParameterizedClassInvocation
    static void start(Storage storage) {
        ids = TestIdentities.start();
        appView = ids.newWebUser();
        captain = ids.newUser();
        hold = storage.configure(TestHold.builder().identities(ids).quotas(Quotas.SMALL).owner(captain.did())
                .env("HOLD_APPVIEW_DID", appView.did())).start();
        member = new Blobs(hold, ids.newUser());
        hold.addCrew(member.user().did(), "--plankowner");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        hold.close();
        ids.close();
    }

    private static JsonNode ok(String nsid, XrpcResponse answer) {
        assertEquals(200, answer.status(), nsid + ": " + answer.body());
        Lexicons.UPSTREAM.outputMatches(nsid, answer.json());
        return answer.json();
    }

    private static XrpcResponse post(Blobs who, String nsid, Object body) {
        return hold.post("/xrpc/" + nsid, body, "Authorization", who.user().bearer(nsid));
    }

    @Test
    void aPushAsTheAppViewMakesItValidatesAgainstUpstreamAtEveryStep() {
        byte[] bytes = Blobs.bytes(2000, 7);
        String digest = Blobs.digest(bytes);
        String uploadId = ok("io.atcr.hold.initiateUpload", post(member, "io.atcr.hold.initiateUpload",
                Map.of("digest", digest))).path("uploadId").asText();
        JsonNode url = ok("io.atcr.hold.getPartUploadUrl", post(member, "io.atcr.hold.getPartUploadUrl",
                Map.of("uploadId", uploadId, "partNumber", 1)));
        assertEquals("PUT", url.path("method").asText("PUT"));
        String etag = member.putPart(uploadId, 1, bytes);
        JsonNode done = ok("io.atcr.hold.completeUpload", post(member, "io.atcr.hold.completeUpload",
                Map.of("uploadId", uploadId, "digest", digest, "parts", List.of(Map.of("partNumber", 1, "etag", etag)))));
        assertEquals(digest, done.path("digest").asText());
        String aborted = member.initiate(Blobs.digest(new byte[] {1}));
        ok("io.atcr.hold.abortUpload", post(member, "io.atcr.hold.abortUpload", Map.of("uploadId", aborted)));

        String manifest = Pushes.manifestDigest("upstream");
        Pushes pushes = new Pushes(hold, member);
        ok(Pushes.NOTIFY, pushes.push("upstream-app", manifest,
                Map.of("layers", List.of(Map.of("digest", digest, "size", 2000, "mediaType", Pushes.LAYER_TYPE)))));
        ok(Pushes.NOTIFY, pushes.pull("upstream-app", manifest));
        JsonNode layers = ok("io.atcr.hold.getLayersForManifest", hold.get("/xrpc/io.atcr.hold.getLayersForManifest?manifest="
                + pushes.manifestUri(manifest), "Authorization", member.user().bearer("io.atcr.hold.getLayersForManifest")));
        assertEquals(1, layers.path("layers").size());
        ok("io.atcr.hold.getQuota", hold.get("/xrpc/io.atcr.hold.getQuota?userDid=" + member.user().did()));
        ok("io.atcr.hold.updateCrewTier", hold.post("/xrpc/io.atcr.hold.updateCrewTier",
                Map.of("userDid", member.user().did(), "tierRank", 1),
                "Authorization", "Bearer " + appView.token(TestHold.HOLD_DID, "io.atcr.hold.updateCrewTier")));
        ok("io.atcr.hold.exportUserData", hold.get("/xrpc/io.atcr.hold.exportUserData",
                "Authorization", member.user().bearer("io.atcr.hold.exportUserData")));
        Blobs joiner = new Blobs(hold, captain);
        ok("io.atcr.hold.requestCrew", post(joiner, "io.atcr.hold.requestCrew", Map.of()));
        ok("io.atcr.hold.requestCrew", post(joiner, "io.atcr.hold.requestCrew", Map.of("role", "member")));
    }

    @Test
    void everyRecordValidatesAgainstUpstream() {
        new Pushes(hold, member).pull("records", Pushes.manifestDigest("records"));
        for (String collection : List.of("io.atcr.hold.captain", "io.atcr.hold.crew", "io.atcr.hold.layer", "io.atcr.hold.stats")) {
            JsonNode records = hold.get("/xrpc/com.atproto.repo.listRecords?repo=" + TestHold.HOLD_DID
                    + "&collection=" + collection + "&limit=100").json().path("records");
            assertTrue(records.size() > 0 || collection.equals("io.atcr.hold.layer"), collection + " has records");
            for (JsonNode record : records) {
                Lexicons.UPSTREAM.recordMatches(collection, record.path("value"));
            }
        }
    }

    @Test
    void theCaptainRecordNamesTheHoldItselfWhenNoCaptainIsConfigured() {
        try (TestHold unowned = TestHold.builder().env("HOLD_SUCCESSOR_DID", "did:web:next-hold.example.com").start()) {
            JsonNode captain = unowned.get("/xrpc/com.atproto.repo.getRecord?repo=" + TestHold.HOLD_DID
                    + "&collection=io.atcr.hold.captain&rkey=self").json().path("value");
            Lexicons.UPSTREAM.recordMatches("io.atcr.hold.captain", captain);
            assertEquals(TestHold.HOLD_DID, captain.path("owner").asText());
            assertEquals(false, captain.path("enableBlueskyPosts").asBoolean(true));
            assertEquals("did:web:next-hold.example.com", captain.path("successor").asText());
            assertTrue(captain.path("region").isMissingNode(), "no region with filesystem storage");
        }
    }

    /** A condition upstream names, how to cause it, and the status and name it must get. */
    static Stream<Arguments> namedConditions() {
        String unknown = "no-such-upload";
        Supplier<XrpcResponse> overQuota = () -> {
            Blobs tiny = new Blobs(hold, ids.newUser());
            hold.addCrew(tiny.user().did());
            String big = new Blobs(hold, captain).upload(Blobs.bytes(2000, 99), 4096);
            return new Pushes(hold, tiny).push("big", Pushes.manifestDigest("big"),
                    Map.of("layers", List.of(Map.of("digest", big, "size", 2000))));
        };
        return Stream.of(
                named("io.atcr.hold.initiateUpload", 400, "InvalidDigest", () -> post(member, "io.atcr.hold.initiateUpload", Map.of("digest", "md5:x"))),
                named("io.atcr.hold.getPartUploadUrl", 404, "InvalidUploadId", () -> post(member, "io.atcr.hold.getPartUploadUrl", Map.of("uploadId", unknown, "partNumber", 1))),
                named("io.atcr.hold.getPartUploadUrl", 400, "InvalidPartNumber", () -> post(member, "io.atcr.hold.getPartUploadUrl",
                        Map.of("uploadId", member.initiate(Blobs.digest(new byte[] {2})), "partNumber", 0))),
                named("io.atcr.hold.completeUpload", 404, "InvalidUploadId", () -> post(member, "io.atcr.hold.completeUpload",
                        Map.of("uploadId", unknown, "digest", Blobs.digest(new byte[0]), "parts", List.of()))),
                named("io.atcr.hold.completeUpload", 400, "InvalidDigest", () -> post(member, "io.atcr.hold.completeUpload",
                        Map.of("uploadId", member.initiate(Blobs.digest(new byte[] {3})), "digest", Blobs.digest(new byte[] {4}), "parts", List.of()))),
                named("io.atcr.hold.completeUpload", 400, "MissingParts", () -> post(member, "io.atcr.hold.completeUpload",
                        Map.of("uploadId", member.initiate(Blobs.digest(new byte[] {5})), "digest", Blobs.digest(new byte[] {5}), "parts", List.of()))),
                named("io.atcr.hold.abortUpload", 404, "InvalidUploadId", () -> post(member, "io.atcr.hold.abortUpload", Map.of("uploadId", unknown))),
                named("io.atcr.hold.getQuota", 400, "InvalidUserDid", () -> hold.get("/xrpc/io.atcr.hold.getQuota?userDid=alice")),
                named("io.atcr.hold.getQuota", 400, "InvalidUserDid", () -> hold.get("/xrpc/io.atcr.hold.getQuota")),
                named("io.atcr.hold.requestCrew", 401, "AuthRequired", () -> hold.post("/xrpc/io.atcr.hold.requestCrew", Map.of())),
                named("io.atcr.hold.requestCrew", 403, "RegistrationDisabled", () -> post(member, "io.atcr.hold.requestCrew", Map.of())),
                named(Pushes.NOTIFY, 400, "InvalidOperation", () -> new Pushes(hold, member).notify("fetch", "app", Pushes.manifestDigest("x"), Map.of())),
                named(Pushes.NOTIFY, 403, "UserMismatch", () -> post(member, Pushes.NOTIFY, Map.of("repository", "app",
                        "userDid", captain.did(), "manifestDigest", Pushes.manifestDigest("y"), "manifest", Map.of()))),
                named(Pushes.NOTIFY, 403, "QuotaExceeded", overQuota),
                named("io.atcr.hold.updateCrewTier", 401, "AuthRequired", () -> hold.post("/xrpc/io.atcr.hold.updateCrewTier",
                        Map.of("userDid", member.user().did(), "tierRank", 0))),
                named("io.atcr.hold.updateCrewTier", 404, "UserNotFound", () -> hold.post("/xrpc/io.atcr.hold.updateCrewTier",
                        Map.of("userDid", ids.newUser().did(), "tierRank", 0),
                        "Authorization", "Bearer " + appView.token(TestHold.HOLD_DID, "io.atcr.hold.updateCrewTier"))),
                named("io.atcr.hold.exportUserData", 401, "AuthRequired", () -> hold.get("/xrpc/io.atcr.hold.exportUserData")),
                named("io.atcr.hold.deleteUserData", 401, "AuthRequired", () -> hold.post("/xrpc/io.atcr.hold.deleteUserData", "{}")),
                named("io.atcr.hold.initiateUpload", 401, "AuthRequired", () -> hold.post("/xrpc/io.atcr.hold.initiateUpload", Map.of("digest", Blobs.digest(new byte[0])))),
                named("io.atcr.hold.notifyManifest", 401, "AuthRequired", () -> hold.post("/xrpc/" + Pushes.NOTIFY, Map.of())));
    }

    private static Arguments named(String nsid, int status, String error, Supplier<XrpcResponse> call) {
        return Arguments.of(nsid, status, error, call);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("namedConditions")
    void aConditionUpstreamNamesGetsUpstreamsName(String nsid, int status, String error, Supplier<XrpcResponse> call) {
        XrpcResponse answer = call.get();
        answer.assertXrpcError(status, error);
        Lexicons.assertDeclaredError(nsid, answer.json());
        Set<String> upstreamErrors = new HashSet<>();
        Lexicons.UPSTREAM.lexicon(nsid).path("defs").path("main").path("errors")
                .forEach(e -> upstreamErrors.add(e.path("name").asText()));
        // AuthRequired is the spec's name wherever a caller is missing, whether or not upstream lists it for the method.
        assertTrue(error.equals("AuthRequired") || upstreamErrors.contains(error),
                nsid + ": upstream declares " + upstreamErrors + ", not " + error);
    }
}
