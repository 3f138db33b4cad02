package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.record.Cid;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.XrpcResponse;
import io.atcr.hold.xrpc.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecordsTest {
    private static final String OWNER = "did:plc:captaincaptaincaptaincap";
    private static TestHold hold;

    @BeforeAll
    static void start() {
        hold = TestHold.builder().owner(OWNER).env("HOLD_PUBLIC", "true").start();
        for (int i = 0; i < 7; i++) {
            hold.cli("crew", "add", "did:web:member" + i + ".example");
        }
    }

    @AfterAll
    static void stop() {
        hold.close();
    }

    private static String repo() {
        return URLEncoder.encode(TestHold.HOLD_DID, StandardCharsets.UTF_8);
    }

    @Test
    void captainRecordComesFromTheEnvironment() {
        XrpcResponse response = hold.get("/xrpc/com.atproto.repo.getRecord?repo=" + repo()
                + "&collection=io.atcr.hold.captain&rkey=self");
        assertEquals(200, response.status());
        JsonNode value = response.json().path("value");
        assertEquals("at://did:web:hold.test/io.atcr.hold.captain/self", response.json().path("uri").asText());
        assertEquals(OWNER, value.path("owner").asText());
        assertTrue(value.path("public").asBoolean());
        assertFalse(value.path("allowAllCrew").asBoolean());
        assertFalse(value.path("deployedAt").asText().isEmpty());
    }

    @Test
    void everyRecordCarriesTheCidOfItsValue() {
        XrpcResponse response = hold.get("/xrpc/com.atproto.repo.listRecords?repo=" + repo()
                + "&collection=io.atcr.hold.crew&limit=100");
        for (JsonNode record : response.json().path("records")) {
            Map<?, ?> value = Json.MAPPER.convertValue(record.path("value"), Map.class);
            assertEquals(Cid.ofRecord(value), record.path("cid").asText());
            assertTrue(record.path("cid").asText().startsWith("bafyrei"));
        }
    }

    @Test
    void listRecordsPagesWithACursorUntilTheEnd() {
        List<String> members = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            XrpcResponse page = hold.get("/xrpc/com.atproto.repo.listRecords?repo=" + repo()
                    + "&collection=io.atcr.hold.crew&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status());
            page.json().path("records").forEach(r -> members.add(r.path("value").path("member").asText()));
            cursor = page.json().path("cursor").asText(null);
            pages++;
        } while (cursor != null);
        assertEquals(7, members.size());
        assertEquals(7, members.stream().distinct().count());
        assertEquals(3, pages);
    }

    @Test
    void listRecordsGivesNewestKeysFirstAndOldestFirstWithReverseEachPagedInItsOrder() {
        List<String> newestFirst = keys("");
        List<String> oldestFirst = keys("&reverse=true");
        assertEquals(7, newestFirst.size());
        List<String> sorted = new ArrayList<>(newestFirst);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, oldestFirst, "reverse=true: oldest (smallest TID) first");
        java.util.Collections.reverse(sorted);
        assertEquals(sorted, newestFirst, "by default the newest record first, as the reference PDS answers");
        hold.get("/xrpc/com.atproto.repo.listRecords?repo=" + repo() + "&collection=io.atcr.hold.crew&reverse=maybe")
                .assertXrpcError(400, "InvalidRequest");
    }

    /** Every crew record key, page by page (two a page), in the order listRecords gives them. */
    private static List<String> keys(String query) {
        List<String> keys = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = hold.get("/xrpc/com.atproto.repo.listRecords?repo=" + repo() + "&collection=io.atcr.hold.crew"
                    + "&limit=2" + query + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.path("records").forEach(r -> keys.add(r.path("uri").asText().substring(r.path("uri").asText().lastIndexOf('/') + 1)));
            cursor = page.path("cursor").asText(null);
        } while (cursor != null);
        return keys;
    }

    @Test
    void getRecordFindsACrewRecordByItsKey() {
        JsonNode first = hold.get("/xrpc/com.atproto.repo.listRecords?repo=" + repo()
                + "&collection=io.atcr.hold.crew&limit=1").json().path("records").get(0);
        String rkey = first.path("uri").asText().substring(first.path("uri").asText().lastIndexOf('/') + 1);
        XrpcResponse record = hold.get("/xrpc/com.atproto.repo.getRecord?repo=" + repo()
                + "&collection=io.atcr.hold.crew&rkey=" + rkey);
        assertEquals(first, record.json());
        assertEquals("write", record.json().path("value").path("role").asText());
        assertEquals(List.of("blob:read", "blob:write"), Json.MAPPER.convertValue(
                record.json().path("value").path("permissions"), List.class));
    }

    @Test
    void anUnknownRecordIsA404() {
        XrpcResponse response = hold.get("/xrpc/com.atproto.repo.getRecord?repo=" + repo()
                + "&collection=io.atcr.hold.crew&rkey=3zzzzzzzzzzzz");
        assertEquals(404, response.status());
        assertEquals("RecordNotFound", response.error());
    }

    @Test
    void getRecordWithTheCurrentCidAnswersAndWithAnotherIsRecordNotFound() {
        String captain = "/xrpc/com.atproto.repo.getRecord?repo=" + repo() + "&collection=io.atcr.hold.captain&rkey=self";
        String cid = hold.get(captain).json().path("cid").asText();
        assertEquals(cid, hold.get(captain + "&cid=" + cid).json().path("cid").asText());
        hold.get(captain + "&cid=bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454")
                .assertXrpcError(400, "RecordNotFound");
    }

    @Test
    void describeRepoListsOnlyCollectionsThatHoldRecords() {
        JsonNode collections = hold.get("/xrpc/com.atproto.repo.describeRepo?repo=" + repo()).json().path("collections");
        List<String> listed = Json.MAPPER.convertValue(collections, List.class);
        assertEquals(true, listed.contains("io.atcr.hold.captain"), listed.toString());
        assertEquals(false, listed.contains("app.bsky.feed.post"), "no posts on a hold without HOLD_BLUESKY_POSTS: " + listed);
        assertEquals(false, listed.contains("app.bsky.actor.profile"), listed.toString());
    }
}
