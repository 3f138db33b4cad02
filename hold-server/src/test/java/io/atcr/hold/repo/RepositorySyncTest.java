package io.atcr.hold.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.record.Cid;
import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.CarFile;
import io.atcr.hold.testing.Pushes;
import io.atcr.hold.testing.RepoWalk;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.UploadingCrew;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Any ATProto tool can fetch and verify the hold's repository: getRepo is a CAR whose blocks match their CIDs, whose
 * commit is signed by the DID document's key, and whose MST holds exactly the records listRecords shows.
 */
class RepositorySyncTest {
    private static final String REPO = "?did=" + TestHold.HOLD_DID;
    private static UploadingCrew crew;

    @BeforeAll
    static void start() {
        crew = UploadingCrew.start(b -> b.owner("did:plc:captaincaptaincaptaincap").quotas(io.atcr.hold.testing.Quotas.EXAMPLE));
        Pushes pushes = new Pushes(crew.hold, crew.blobs);
        pushes.push("app", Pushes.manifestDigest("sync"), Pushes.image(pushes.config(20, 1), List.of(pushes.layer(30, 2))));
        crew.newMember("--tier", "deckhand");
    }

    @AfterAll
    static void stop() {
        crew.close();
    }

    private static CarFile repo(String query) {
        return CarFile.read(crew.hold.bytes("/xrpc/com.atproto.sync.getRepo" + REPO + query));
    }

    /** Every record listRecords shows, as MST key to record CID hex, all collections, every page. */
    private static TreeMap<String, String> listed() {
        TreeMap<String, String> out = new TreeMap<>();
        for (String collection : List.of("io.atcr.hold.captain", "io.atcr.hold.crew", "io.atcr.hold.layer", "io.atcr.hold.stats")) {
            String cursor = "";
            do {
                JsonNode page = crew.hold.get("/xrpc/com.atproto.repo.listRecords?repo=" + TestHold.HOLD_DID
                        + "&collection=" + collection + "&limit=2" + cursor).json();
                for (JsonNode record : page.path("records")) {
                    String uri = record.path("uri").asText();
                    out.put(uri.substring(("at://" + TestHold.HOLD_DID + "/").length()),
                            HexFormat.of().formatHex(Cid.parse(record.path("cid").asText()).bytes()));
                }
                cursor = page.has("cursor") ? "&cursor=" + page.path("cursor").asText() : null;
            } while (cursor != null);
        }
        return out;
    }

    private static String signingKey() {
        return crew.hold.get("/.well-known/did.json").json().path("verificationMethod").get(0).path("publicKeyMultibase").asText();
    }

    @Test
    void getRepoIsACarOfTheSignedCommitAndExactlyTheListedRecords() {
        CarFile car = repo("");
        JsonNode commit = RepoWalk.commit(car);
        assertEquals(TestHold.HOLD_DID, commit.path("did").asText());
        JsonNode latest = crew.hold.get("/xrpc/com.atproto.sync.getLatestCommit" + REPO).json();
        assertEquals(latest.path("rev").asText(), commit.path("rev").asText());
        assertEquals(latest.path("cid").asText(), Cid.fromBytes(car.root()).toString());
        assertTrue(RepoWalk.signatureVerifies(car, signingKey()), "the commit is signed by the DID document's key");

        TreeMap<String, String> walked = RepoWalk.records(car);
        assertEquals(listed(), walked);
        assertTrue(walked.keySet().stream().anyMatch(k -> k.startsWith("io.atcr.hold.layer/")));
        assertTrue(walked.containsKey("io.atcr.hold.captain/self"));
        for (String record : walked.values()) {
            assertNotNull(car.block(HexFormat.of().parseHex(record)), "the CAR holds every record block");
        }
    }

    @Test
    void sinceARevGetRepoHasOnlyWhatCameAfter() {
        String rev = crew.hold.get("/xrpc/com.atproto.sync.getLatestCommit" + REPO).json().path("rev").asText();
        CarFile before = repo("");
        Blobs added = crew.newMember();
        CarFile since = repo("&since=" + rev);
        JsonNode commit = RepoWalk.commit(since);
        assertTrue(commit.path("rev").asText().compareTo(rev) > 0);
        for (String cid : since.blocks().keySet()) {
            assertFalse(before.blocks().containsKey(cid), "a block from before the rev: " + cid + " "
                    + CarFile.cbor(since.blocks().get(cid)));
        }
        String recordCid = HexFormat.of().formatHex(Cid.parse(recordCidOf(added.user().did())).bytes());
        assertTrue(since.blocks().containsKey(recordCid), "the new crew record's block");
        crew.hold.get("/xrpc/com.atproto.sync.getRepo" + REPO + "&since=yesterday").assertXrpcError(400, "InvalidRequest");
    }

    private static String recordCidOf(String member) {
        for (JsonNode record : crew.hold.get("/xrpc/com.atproto.repo.listRecords?repo=" + TestHold.HOLD_DID
                + "&collection=io.atcr.hold.crew&limit=100").json().path("records")) {
            if (record.path("value").path("member").asText().equals(member)) {
                return record.path("cid").asText();
            }
        }
        throw new AssertionError(member + " is not listed");
    }

    @Test
    void getRecordIsAProofFromTheSignedCommitToTheRecord() {
        String rkey = crew.hold.get("/xrpc/com.atproto.repo.listRecords?repo=" + TestHold.HOLD_DID
                + "&collection=io.atcr.hold.layer").json().path("records").get(0).path("uri").asText().replaceAll(".*/", "");
        CarFile proof = CarFile.read(crew.hold.bytes("/xrpc/com.atproto.sync.getRecord" + REPO
                + "&collection=io.atcr.hold.layer&rkey=" + rkey));
        assertTrue(RepoWalk.signatureVerifies(proof, signingKey()));
        JsonNode record = crew.hold.get("/xrpc/com.atproto.repo.getRecord?repo=" + TestHold.HOLD_DID
                + "&collection=io.atcr.hold.layer&rkey=" + rkey).json();
        byte[] cid = Cid.parse(record.path("cid").asText()).bytes();
        byte[] block = proof.block(cid);
        assertNotNull(block, "the proof holds the record");
        assertEquals(record.path("value").path("digest").asText(), CarFile.cbor(block).path("digest").asText());
        // The proof's path alone leads from the root to the key: walking it finds the record's CID there.
        assertEquals(HexFormat.of().formatHex(cid), pathValue(proof, "io.atcr.hold.layer/" + rkey));
    }

    /** Follows the one path the key takes through the MST, using only the blocks in {@code car}. */
    private static String pathValue(CarFile car, String key) {
        byte[] node = CarFile.link(RepoWalk.commit(car).path("data"));
        while (node != null) {
            JsonNode decoded = CarFile.cbor(car.block(node));
            byte[] next = decoded.path("l").isNull() ? null : CarFile.link(decoded.path("l"));
            for (RepoWalk.Entry entry : RepoWalk.entries(decoded)) {
                if (entry.key().equals(key)) {
                    return HexFormat.of().formatHex(entry.value());
                }
                if (entry.key().compareTo(key) > 0) {
                    break;
                }
                next = entry.right();
            }
            node = next;
        }
        return null;
    }

    @Test
    void theOtherSyncMethodsDescribeTheOneRepository() {
        JsonNode latest = crew.hold.get("/xrpc/com.atproto.sync.getLatestCommit" + REPO).json();
        JsonNode repos = crew.hold.get("/xrpc/com.atproto.sync.listRepos").json().path("repos");
        assertEquals(1, repos.size());
        assertEquals(TestHold.HOLD_DID, repos.get(0).path("did").asText());
        JsonNode status = crew.hold.get("/xrpc/com.atproto.sync.getRepoStatus" + REPO).json();
        assertTrue(status.path("active").asBoolean());
        JsonNode described = crew.hold.get("/xrpc/com.atproto.repo.describeRepo?repo=" + TestHold.HOLD_DID).json();
        assertEquals("hold.test", described.path("handle").asText());
        assertTrue(described.path("collections").toString().contains("io.atcr.hold.layer"));
        CarFile blocks = CarFile.read(crew.hold.bytes("/xrpc/com.atproto.sync.getBlocks" + REPO + "&cids=" + latest.path("cid").asText()));
        assertEquals(1, blocks.blocks().size());
        crew.hold.get("/xrpc/com.atproto.sync.getRepo?did=did:plc:someoneelseentirelyxxxxx").assertXrpcError(404, "RepoNotFound");
        crew.hold.get("/xrpc/com.atproto.sync.getBlocks" + REPO + "&cids=bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454")
                .assertXrpcError(400, "BlockNotFound");
        crew.hold.get("/xrpc/com.atproto.sync.getBlocks" + REPO + "&cids=nonsense").assertXrpcError(400, "InvalidRequest");
    }
}
