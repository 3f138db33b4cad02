package io.atcr.hold.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.CarFile;
import io.atcr.hold.testing.FirehoseClient;
import io.atcr.hold.testing.Pushes;
import io.atcr.hold.testing.RepoWalk;
import io.atcr.hold.testing.StalledSubscriber;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.UploadingCrew;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The firehose: one #commit per change, in order, whose blocks and ops rebuild the new tree from the one before;
 * a cursor replays exactly what was missed; a future cursor is refused; a stalled consumer is closed alone.
 */
class FirehoseTest {
    @AutoClose
    private final UploadingCrew crew = UploadingCrew.start();

    private CarFile repo() {
        return CarFile.read(crew.hold.bytes("/xrpc/com.atproto.sync.getRepo?did=" + TestHold.HOLD_DID));
    }

    @Test
    void theFirstCommitLeavesPrevDataOutAndLaterOnesNameThePreviousData() {
        try (FirehoseClient replay = FirehoseClient.connect(crew.hold, "?cursor=0")) {
            JsonNode first = null;
            while (first == null) {
                FirehoseClient.Frame frame = replay.next();
                if (frame.type().equals("#commit")) {
                    first = frame.body();
                }
            }
            assertTrue(first.path("since").isNull(), first.toString());
            assertTrue(first.path("prevData").isMissingNode(), "prevData is left out, never null: " + first);
            crew.newMember();
            FirehoseClient.Frame next = replay.next();
            while (!next.type().equals("#commit")) {
                next = replay.next();
            }
            assertFalse(next.body().path("prevData").isMissingNode() || next.body().path("prevData").isNull(),
                    next.toString());
        }
    }

    @Test
    void eachChangeIsOneCommitWhoseBlocksAndOpsRebuildTheNewTree() {
        CarFile before = repo();
        Map<String, byte[]> known = new HashMap<>(before.blocks());
        TreeMap<String, String> records = RepoWalk.records(before);
        try (FirehoseClient firehose = FirehoseClient.connect(crew.hold, "")) {
            Blobs member = crew.newMember();
            Pushes pushes = new Pushes(crew.hold, member);
            pushes.push("app", Pushes.manifestDigest("fh"), Pushes.image(null, List.of(pushes.layer(10, 1))));
            crew.hold.cli("crew", "remove", member.user().did());
            long seq = 0;
            String rev = RepoWalk.commit(before).path("rev").asText();
            // The member's record, their blob upload (no record), the push (layer and stats), the removal.
            for (int i = 0; i < 3; i++) {
                FirehoseClient.Frame frame = firehose.next();
                assertEquals("#commit", frame.type(), frame.toString());
                JsonNode body = frame.body();
                assertTrue(body.path("seq").asLong() > seq, "seq grows");
                seq = body.path("seq").asLong();
                assertEquals(TestHold.HOLD_DID, body.path("repo").asText());
                assertEquals(rev, body.path("since").asText(), "since is the previous commit's rev");
                rev = body.path("rev").asText();
                CarFile blocks = CarFile.read(CarFile.bytes(body.path("blocks")));
                known.putAll(blocks.blocks());
                for (JsonNode op : body.path("ops")) {
                    if (op.path("action").asText().equals("delete")) {
                        records.remove(op.path("path").asText());
                    } else {
                        records.put(op.path("path").asText(), HexFormat.of().formatHex(CarFile.link(op.path("cid"))));
                    }
                }
                CarFile union = CarFile.read(CarFile.write(blocks.root(), known));
                assertEquals(records, RepoWalk.records(union), "the ops applied to the tree before give the new tree");
                assertTrue(RepoWalk.signatureVerifies(blocks, crew.hold.get("/.well-known/did.json").json()
                        .path("verificationMethod").get(0).path("publicKeyMultibase").asText()));
            }
        }
    }

    @Test
    void aCursorReplaysExactlyTheMissedEventsAndAFutureOneIsRefused() throws Exception {
        List<Long> seqs = new ArrayList<>();
        try (FirehoseClient first = FirehoseClient.connect(crew.hold, "")) {
            for (int i = 0; i < 4; i++) {
                crew.newMember();
            }
            for (int i = 0; i < 4; i++) {
                seqs.add(first.next().body().path("seq").asLong());
            }
        }
        try (FirehoseClient again = FirehoseClient.connect(crew.hold, "?cursor=" + seqs.get(1))) {
            assertEquals(seqs.get(2), again.next().body().path("seq").asLong());
            assertEquals(seqs.get(3), again.next().body().path("seq").asLong());
            assertNull(again.poll(300), "nothing more than was missed");
        }
        try (FirehoseClient future = FirehoseClient.connect(crew.hold, "?cursor=" + (seqs.get(3) + 1000))) {
            FirehoseClient.Frame error = future.next();
            assertEquals(-1, error.header().path("op").asInt());
            assertEquals("FutureCursor", error.body().path("error").asText());
            future.closed().get(5, TimeUnit.SECONDS);
        }
        try (FirehoseClient all = FirehoseClient.connect(crew.hold, "?cursor=0")) {
            FirehoseClient.Frame firstEver = all.next();
            assertEquals("#identity", firstEver.type(), "the hold announced itself at first start");
            assertEquals("hold.test", firstEver.body().path("handle").asText());
            assertEquals("#account", all.next().type());
        }
    }

    @Test
    void aConsumerThatStopsReadingIsClosedWhileAnotherKeepsReceiving() throws Exception {
        Pushes pushes = new Pushes(crew.hold, crew.blobs);
        List<Map<String, Object>> layers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            layers.add(pushes.layer(8, 1000 + i));
        }
        try (StalledSubscriber stalled = new StalledSubscriber(crew.hold);
             FirehoseClient reader = FirehoseClient.connect(crew.hold, "")) {
            // Some 3 MB of events, more than the socket buffers and the hold's 1 MiB limit of unwritten frames.
            long lastSeq = 0;
            for (int pushed = 0; pushed < 40; pushed++) {
                assertEquals(200, pushes.push("big", Pushes.manifestDigest("big" + pushed), Pushes.image(null, layers)).status());
                lastSeq = reader.next().body().path("seq").asLong();
            }
            // Stalled for longer than the hold tolerates a consumer behind (3 s), then reading again: too late. The
            // hold's clock moves a second at a time, each step left to its delivery loop (every 50 ms) to see.
            for (int second = 0; second < 5; second++) {
                crew.clock.advance(java.time.Duration.ofSeconds(1));
                Thread.sleep(100);
            }
            List<FirehoseClient.Frame> got = stalled.readToClose();
            assertTrue(got.size() < 40, "the stalled consumer got " + got.size() + " of 40 events before its close");
            FirehoseClient.Frame last = got.get(got.size() - 1);
            assertEquals("ConsumerTooSlow", last.body().path("error").asText(), "the last frame says why: " + last);
            assertEquals(200, pushes.push("big", Pushes.manifestDigest("after"), Pushes.image(null, layers)).status());
            assertTrue(reader.next().body().path("seq").asLong() > lastSeq, "the reader keeps receiving");
        }
    }

    @Test
    void aCursorOlderThanTheRetentionIsToldSoAndGetsWhatIsKept() {
        crew.newMember();
        crew.clock.advance(java.time.Duration.ofHours(73)); // past HOLD_FIREHOSE_RETENTION's 72 h
        crew.newMember();
        assertTrue(crew.hold.hold().events().prune() >= 3, "#identity, #account and the first commits are pruned");
        try (FirehoseClient late = FirehoseClient.connect(crew.hold, "?cursor=1")) {
            FirehoseClient.Frame info = late.next();
            assertEquals("#info", info.type());
            assertEquals("OutdatedCursor", info.body().path("name").asText());
            FirehoseClient.Frame kept = late.next();
            assertEquals("#commit", kept.type());
            assertEquals(crew.hold.hold().events().oldest(), kept.body().path("seq").asLong(), "from the oldest kept");
        }
    }

    @Test
    void aPlainRequestWithoutTheWebSocketUpgradeGetsAJsonError() {
        crew.hold.get("/xrpc/com.atproto.sync.subscribeRepos").assertXrpcError(400, "InvalidRequest");
    }

    @Test
    void consumersPastTheLimitAreTurnedAwayWithAReason() {
        List<FirehoseClient> admitted = new ArrayList<>();
        try {
            for (int i = 0; i < 128; i++) {
                admitted.add(FirehoseClient.connect(crew.hold, ""));
            }
            crew.newMember(); // every admitted consumer is live: the change reaches the last one
            assertEquals("#commit", admitted.get(127).next().type());
            try (FirehoseClient refused = FirehoseClient.connect(crew.hold, "")) {
                FirehoseClient.Frame error = refused.next();
                assertEquals("ConsumerLimit", error.body().path("error").asText());
            }
        } finally {
            admitted.forEach(FirehoseClient::close);
        }
    }
}
