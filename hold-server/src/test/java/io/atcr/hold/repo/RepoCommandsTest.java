package io.atcr.hold.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.CarFile;
import io.atcr.hold.testing.HoldProcess;
import io.atcr.hold.testing.Pushes;
import io.atcr.hold.testing.RepoWalk;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.UploadingCrew;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** repo export writes the repository as a CAR; repo verify passes on a sound one, names what is wrong, survives kill -9. */
class RepoCommandsTest {
    @Test
    void anExportIsTheSignedRepositoryWithEveryRecord(@TempDir Path dir) throws Exception {
        try (UploadingCrew crew = UploadingCrew.start()) {
            Pushes pushes = new Pushes(crew.hold, crew.blobs);
            pushes.push("app", Pushes.manifestDigest("export"), Pushes.image(null, List.of(pushes.layer(10, 1))));
            Path file = dir.resolve("repo.car");
            TestHold.CommandResult exported = crew.hold.cli("repo", "export", file.toString());
            assertEquals(0, exported.code(), exported.err());
            CarFile car = CarFile.read(Files.readAllBytes(file));
            assertTrue(RepoWalk.signatureVerifies(car, crew.hold.get("/.well-known/did.json").json()
                    .path("verificationMethod").get(0).path("publicKeyMultibase").asText()));
            CarFile served = CarFile.read(crew.hold.bytes("/xrpc/com.atproto.sync.getRepo?did=" + TestHold.HOLD_DID));
            assertEquals(RepoWalk.records(served), RepoWalk.records(car));
        }
    }

    @Test
    void verifyPassesOnASoundRepositoryAndNamesATamperedOne() throws Exception {
        try (UploadingCrew crew = UploadingCrew.start()) {
            String member = crew.newMember().user().did();
            TestHold.CommandResult sound = crew.hold.cli("repo", "verify");
            assertEquals(0, sound.code(), sound.err());
            assertTrue(sound.out().startsWith("repository verified: " + TestHold.HOLD_DID), sound.out());

            Path db = Path.of(crew.hold.env().get("HOLD_DATABASE_DIR")).resolve("hold.db");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE crew SET role = 'admin' WHERE member = '" + member + "'"); // behind the repository's back
            }
            TestHold.CommandResult drifted = crew.hold.cli("repo", "verify");
            assertEquals(1, drifted.code());
            assertTrue(drifted.err().contains("differs from the hold's record"), drifted.err());

            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE crew SET role = 'write' WHERE member = '" + member + "'");
                st.executeUpdate("UPDATE repo_block SET bytes = x'a0' WHERE cid = (SELECT data FROM repo_commit ORDER BY rev DESC LIMIT 1)");
            }
            TestHold.CommandResult tampered = crew.hold.cli("repo", "verify");
            assertEquals(1, tampered.code());
            assertTrue(tampered.err().contains("does not match its CID"), tampered.err());
            TestHold.CommandResult refused = crew.hold.cli("crew", "add", crew.ids.newUser().did());
            assertEquals(1, refused.code(), "no change is made on a damaged repository");
            assertTrue(refused.err().contains("the hold's repository is damaged"), refused.err());

            HoldProcess.Failed serve = HoldProcess.failToStart(Path.of(crew.hold.env().get("HOLD_DATABASE_DIR")).getParent(),
                    Map.of("HOLD_PUBLIC_URL", TestHold.PUBLIC_URL, "HOLD_DATABASE_DIR", crew.hold.env().get("HOLD_DATABASE_DIR")));
            assertEquals(2, serve.code(), String.join("\n", serve.lines()));
            assertTrue(serve.lines().stream().anyMatch(l -> l.startsWith("error: HOLD_DATABASE_DIR=")
                    && l.contains("the hold's repository is damaged")), String.join("\n", serve.lines()));
        }
    }

    @Test
    void killNineDuringCrewChangesLeavesARepositoryThatMatchesTheDatabase(@TempDir Path dir) throws Exception {
        try (TestIdentities ids = TestIdentities.start()) {
            Map<String, String> env = Map.of("HOLD_PUBLIC_URL", TestHold.PUBLIC_URL, "HOLD_ALLOW_ALL_CREW", "true",
                    "HOLD_PLC_DIRECTORY_URL", ids.plcDirectoryUrl(), "HOLD_DATABASE_DIR", dir.resolve("data").toString());
            List<TestIdentities.User> users = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                users.add(ids.newUser());
            }
            HttpClient http = HttpClient.newHttpClient();
            int joined;
            try (HoldProcess process = HoldProcess.start(dir, env)) {
                List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
                for (TestIdentities.User user : users) {
                    calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(process.baseUrl() + "/xrpc/io.atcr.hold.requestCrew"))
                            .header("Content-Type", "application/json").header("Authorization", user.bearer("io.atcr.hold.requestCrew"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()));
                }
                calls.get(30).join(); // changes are under way
                process.process().destroyForcibly().waitFor(); // kill -9, mid-stream
                joined = (int) calls.stream().filter(c -> !c.isCompletedExceptionally() && c.isDone()
                        && c.join().statusCode() == 200).count();
            }
            TestHold.CommandResult verified = TestHold.command(env, "repo", "verify");
            assertEquals(0, verified.code(), verified.err());
            TestHold.CommandResult listed = TestHold.command(env, "crew", "list");
            long members = listed.out().lines().filter(l -> l.startsWith("did:")).count();
            assertTrue(members >= joined && members <= users.size(), members + " members, " + joined + " answered");
            assertTrue(verified.out().contains(", " + (members + 1) + " records"), "the crew and the captain: " + verified.out());
        }
    }
}
