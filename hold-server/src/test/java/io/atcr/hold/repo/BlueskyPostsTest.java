package io.atcr.hold.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.testing.Lexicons;
import io.atcr.hold.testing.Pushes;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.UploadingCrew;
import io.atcr.hold.testing.XrpcResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With HOLD_BLUESKY_POSTS the hold keeps a profile and posts each tagged push, mentioning its owner. */
class BlueskyPostsTest {
    private static UploadingCrew crew;
    private static Pushes pushes;

    @BeforeAll
    static void start() {
        crew = UploadingCrew.start(b -> b.env("HOLD_BLUESKY_POSTS", "true"));
        pushes = new Pushes(crew.hold, crew.blobs);
    }

    @AfterAll
    static void stop() {
        crew.close();
    }

    private static JsonNode record(String collection, String rkey) {
        XrpcResponse answer = crew.hold.get("/xrpc/com.atproto.repo.getRecord?repo=" + TestHold.HOLD_DID
                + "&collection=" + collection + "&rkey=" + rkey);
        assertEquals(200, answer.status(), answer.body());
        return answer.json().path("value");
    }

    @Test
    void theHoldHasAProfileAndSaysSoInItsCaptainRecord() {
        assertTrue(record("io.atcr.hold.captain", "self").path("enableBlueskyPosts").asBoolean());
        assertEquals("ATCR hold hold.test", record("app.bsky.actor.profile", "self").path("displayName").asText());
        JsonNode profile = crew.hold.get("/xrpc/app.bsky.actor.getProfile?actor=hold.test").json();
        assertEquals(TestHold.HOLD_DID, profile.path("did").asText());
        crew.hold.get("/xrpc/app.bsky.actor.getProfile?actor=alice.bsky.social").assertXrpcError(400, "ProfileNotFound");
    }

    @Test
    void aTaggedPushIsPostedWithItsOwnerMentionedAndExported() {
        XrpcResponse pushed = pushes.push("web", Pushes.manifestDigest("posted"), Pushes.image(null, List.of(pushes.layer(10, 1))));
        assertEquals(200, pushed.status(), pushed.body());
        Lexicons.assertOutputMatches(Pushes.NOTIFY, pushed.json());
        assertTrue(pushed.json().path("postCreated").asBoolean());
        String uri = pushed.json().path("postUri").asText();
        assertTrue(uri.startsWith("at://" + TestHold.HOLD_DID + "/app.bsky.feed.post/"), uri);
        JsonNode post = record("app.bsky.feed.post", uri.substring(uri.lastIndexOf('/') + 1));
        String owner = crew.blobs.user().did();
        String text = post.path("text").asText();
        assertTrue(text.contains("web:latest"), text);
        JsonNode facet = post.path("facets").get(0);
        assertEquals("app.bsky.richtext.facet#mention", facet.path("features").get(0).path("$type").asText());
        assertEquals(owner, facet.path("features").get(0).path("did").asText());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(owner, new String(Arrays.copyOfRange(bytes, facet.path("index").path("byteStart").asInt(),
                facet.path("index").path("byteEnd").asInt()), StandardCharsets.UTF_8), "the facet covers the mention");

        JsonNode export = crew.hold.get("/xrpc/io.atcr.hold.exportUserData", "Authorization",
                crew.blobs.user().bearer("io.atcr.hold.exportUserData")).json();
        Lexicons.assertOutputMatches("io.atcr.hold.exportUserData", export);
        assertEquals(uri, export.path("blueskyPosts").get(0).path("uri").asText());
        assertEquals(0, crew.hold.cli("repo", "verify").code(), "the posts are the hold's records");
    }

    @Test
    void aPushWithoutATagIsNotPosted() {
        Map<String, Object> body = Map.of("repository", "untagged", "userDid", crew.blobs.user().did(),
                "manifestDigest", Pushes.manifestDigest("untagged"), "manifest", Pushes.image(null, List.of(pushes.layer(11, 2))));
        XrpcResponse pushed = crew.hold.post("/xrpc/" + Pushes.NOTIFY, body, "Authorization", crew.blobs.user().bearer(Pushes.NOTIFY));
        assertEquals(200, pushed.status(), pushed.body());
        assertFalse(pushed.json().path("postCreated").asBoolean());
        assertFalse(pushed.json().has("postUri"));
    }

    @Test
    void turningPostsOffRemovesTheProfileAndKeepsThePosts() {
        try (TestHold posting = TestHold.builder().env("HOLD_BLUESKY_POSTS", "true").start();
             TestHold quiet = TestHold.builder().env("HOLD_DATABASE_DIR", posting.env().get("HOLD_DATABASE_DIR")).start()) {
            assertFalse(quiet.get("/xrpc/com.atproto.repo.getRecord?repo=" + TestHold.HOLD_DID
                    + "&collection=io.atcr.hold.captain&rkey=self").json().path("value").path("enableBlueskyPosts").asBoolean());
            quiet.get("/xrpc/com.atproto.repo.getRecord?repo=" + TestHold.HOLD_DID + "&collection=app.bsky.actor.profile&rkey=self")
                    .assertXrpcError(404, "RecordNotFound");
            quiet.get("/xrpc/app.bsky.actor.getProfile?actor=" + TestHold.HOLD_DID).assertXrpcError(400, "ProfileNotFound");
        }
    }
}
