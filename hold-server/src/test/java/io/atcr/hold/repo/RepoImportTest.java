package io.atcr.hold.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atcr.hold.testing.Blobs;
import io.atcr.hold.testing.RepoWalk;
import io.atcr.hold.testing.CarFile;
import io.atcr.hold.testing.FirehoseClient;
import io.atcr.hold.testing.Pushes;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.UploadingCrew;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** repo import restores a hold from its own verified export, and refuses any other CAR without changing anything. */
class RepoImportTest {
    private static JsonNode records(TestHold hold, String collection) {
        return hold.get("/xrpc/com.atproto.repo.listRecords?repo=" + TestHold.HOLD_DID + "&collection=" + collection
                + "&limit=100").json().path("records");
    }

    @Test
    void anExportRestoresTheRecordsAndUsageOnAFreshDatabase(@TempDir Path dir) throws Exception {
        try (UploadingCrew crew = UploadingCrew.start()) {
            Blobs member = crew.newMember("--plankowner");
            Pushes pushes = new Pushes(crew.hold, member);
            pushes.push("app", Pushes.manifestDigest("backup"), Pushes.image(pushes.config(20, 1), List.of(pushes.layer(30, 2))));
            Path backup = dir.resolve("backup.car");
            assertEquals(0, crew.hold.cli("repo", "export", backup.toString()).code());
            Path key = Path.of(crew.hold.env().get("HOLD_DATABASE_DIR")).resolve("signing.key");

            try (TestHold restored = TestHold.builder().identities(crew.ids).env("HOLD_SIGNING_KEY_PATH", key.toString()).start()) {
                TestHold.CommandResult imported = restored.cli("repo", "import", backup.toString());
                assertEquals(0, imported.code(), imported.err());
                for (String collection : List.of("io.atcr.hold.crew", "io.atcr.hold.layer", "io.atcr.hold.stats")) {
                    assertEquals(records(crew.hold, collection), records(restored, collection), collection);
                }
                String quota = "/xrpc/io.atcr.hold.getQuota?userDid=" + member.user().did();
                assertEquals(crew.hold.get(quota).json(), restored.get(quota).json(), "usage is rebuilt");
                assertTrue(restored.cli("crew", "list").out().contains(member.user().did()));
                assertEquals(0, restored.cli("repo", "verify").code());
                JsonNode latest = restored.get("/xrpc/com.atproto.sync.getLatestCommit?did=" + TestHold.HOLD_DID).json();
                try (FirehoseClient replay = FirehoseClient.connect(restored, "?cursor=0")) {
                    FirehoseClient.Frame last = replay.next();
                    while (last.body().path("seq").asLong() < restored.hold().events().latest()) {
                        last = replay.next();
                    }
                    assertEquals("#sync", last.type(), "the import is announced as a jump of state: " + last);
                    assertEquals(latest.path("rev").asText(), last.body().path("rev").asText());
                    CarFile blocks = CarFile.read(CarFile.bytes(last.body().path("blocks")));
                    assertEquals(1, blocks.blocks().size(), "the commit block alone");
                    assertEquals(latest.path("rev").asText(), RepoWalk.commit(blocks).path("rev").asText(),
                        "the block is the commit the hold is at");
                }
            }
        }
    }

    @Test
    void aCarOfAnotherKeyOrTamperedIsRefusedAndNothingChanges(@TempDir Path dir) throws Exception {
        try (UploadingCrew crew = UploadingCrew.start(); UploadingCrew stranger = UploadingCrew.start()) {
            Path foreign = dir.resolve("foreign.car");
            assertEquals(0, stranger.hold.cli("repo", "export", foreign.toString()).code());
            JsonNode before = records(crew.hold, "io.atcr.hold.crew");
            TestHold.CommandResult refused = crew.hold.cli("repo", "import", foreign.toString());
            assertEquals(1, refused.code());
            assertTrue(refused.err().contains("not signed by this hold's key"), refused.err());

            Path own = dir.resolve("own.car");
            assertEquals(0, crew.hold.cli("repo", "export", own.toString()).code());
            byte[] car = Files.readAllBytes(own);
            car[car.length - 3] ^= 0x01; // inside the last block
            Files.write(own, car);
            TestHold.CommandResult tampered = crew.hold.cli("repo", "import", own.toString());
            assertEquals(1, tampered.code());
            assertTrue(tampered.err().contains("does not match its CID"), tampered.err());
            assertEquals(before, records(crew.hold, "io.atcr.hold.crew"), "nothing changed");
            assertEquals(0, crew.hold.cli("repo", "verify").code());
        }
    }
}
