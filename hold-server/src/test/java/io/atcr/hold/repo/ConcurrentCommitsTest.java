package io.atcr.hold.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atcr.hold.testing.CarFile;
import io.atcr.hold.testing.Pushes;
import io.atcr.hold.testing.RepoWalk;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.UploadingCrew;
import io.atcr.hold.testing.XrpcResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Commits race: joins over HTTP, pushes, and the command line's crew changes (another hold on the same database, with
 * a tree cache of its own) all at once. Every change lands in the one repository, which verifies afterwards.
 */
class ConcurrentCommitsTest {
    @Test
    void theServerAndTheCommandLineCommittingAtOnceLeaveOneVerifiedRepository() throws Exception {
        try (UploadingCrew crew = UploadingCrew.start(b -> b.env("HOLD_ALLOW_ALL_CREW", "true"))) {
            Pushes pushes = new Pushes(crew.hold, crew.blobs);
            List<java.util.Map<String, Object>> layers = List.of(pushes.layer(10, 1), pushes.layer(11, 2));
            List<TestIdentities.User> joiners = new ArrayList<>();
            List<String> added = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                joiners.add(crew.ids.newUser());
                added.add(crew.ids.newUser().did());
            }
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    TestIdentities.User joiner = joiners.get(i);
                    String did = added.get(i);
                    int n = i;
                    calls.add(pool.submit(() -> crew.hold.post("/xrpc/io.atcr.hold.requestCrew", "{}",
                            "Authorization", joiner.bearer("io.atcr.hold.requestCrew")).status()));
                    calls.add(pool.submit(() -> crew.hold.cli("crew", "add", did).code() == 0 ? 200 : 500));
                    calls.add(pool.submit(() -> pushes.push("race", Pushes.manifestDigest("race" + n),
                            Pushes.image(null, layers)).status()));
                }
                for (Future<Integer> call : calls) {
                    assertEquals(200, call.get());
                }
            } finally {
                pool.shutdown();
            }
            TestHold.CommandResult verified = crew.hold.cli("repo", "verify");
            assertEquals(0, verified.code(), verified.err());
            CarFile car = CarFile.read(crew.hold.bytes("/xrpc/com.atproto.sync.getRepo?did=" + TestHold.HOLD_DID));
            long crewRecords = RepoWalk.records(car).keySet().stream().filter(k -> k.startsWith("io.atcr.hold.crew/")).count();
            assertEquals(41, crewRecords, "the uploader, 20 joiners and 20 added by the command line");
            XrpcResponse layersListed = crew.hold.get("/xrpc/com.atproto.repo.listRecords?repo=" + TestHold.HOLD_DID
                    + "&collection=io.atcr.hold.layer&limit=100");
            assertEquals(40, layersListed.json().path("records").size(), "two layers for each of the 20 pushes");
        }
    }
}
