package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Eventually;
import io.atcr.hold.testing.OpenCrewHold;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities.User;
import io.atcr.hold.testing.XrpcResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resolving a caller's DID never stalls anyone else, and no token makes the hold fetch documents without bound. */
class SlowIdentityTest {
    private static final String NSID = CrewRoutes.REQUEST_CREW;
    private OpenCrewHold open;
    private ExecutorService clients;

    @BeforeEach
    void start() {
        open = OpenCrewHold.start();
        clients = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stop() {
        clients.shutdownNow();
        open.close();
    }

    @Test
    void aSlowDocumentDelaysNeitherOtherCallersNorHealth() throws Exception {
        User slow = open.ids().newUser();
        slow.serve(User.Document.STALLED);
        List<CompletableFuture<XrpcResponse>> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String token = slow.token(TestHold.HOLD_DID, NSID);
            waiting.add(CompletableFuture.supplyAsync(() -> open.requestCrew(token), clients));
        }
        awaitFetches(slow, 1);
        User other = open.ids().newUser();
        assertEquals(200, open.requestCrew(other.token(TestHold.HOLD_DID, NSID)).status());
        assertEquals(200, open.hold().get("/xrpc/_health").status());
        assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone), "the slow DID's requests were answered first");
        open.clock().advance(Duration.ofSeconds(5)); // past the 4 s deadline, by the hold's clock: no real wait
        for (CompletableFuture<XrpcResponse> response : waiting) {
            response.get().assertXrpcError(401, "BadJwtIssuer");
        }
        assertEquals(1, open.ids().fetches(slow), "ten concurrent requests of one DID share one fetch");
    }

    @Test
    void aFloodOfSlowDidsIsRefusedAsBusyWhileHealthAnswers() throws Exception {
        List<CompletableFuture<XrpcResponse>> flood = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            User slow = open.ids().newUser();
            slow.serve(User.Document.STALLED);
            String token = slow.token(TestHold.HOLD_DID, NSID);
            flood.add(CompletableFuture.supplyAsync(() -> open.requestCrew(token), clients));
        }
        CompletableFuture.anyOf(flood.toArray(CompletableFuture[]::new)).get();
        assertEquals(200, open.hold().get("/xrpc/_health").status());
        open.clock().advance(Duration.ofSeconds(5)); // the waiting ones reach their deadline
        long busy = 0;
        for (CompletableFuture<XrpcResponse> response : flood) {
            XrpcResponse answer = response.get();
            assertTrue(answer.status() == 401 || answer.status() == 503, answer.body());
            busy += answer.status() == 503 ? 1 : 0;
        }
        assertTrue(busy > 0, "120 slow DIDs at once must exceed the bound on requests waiting for fetches");
    }

    @Test
    void forgedSignaturesCostNoResolution() {
        User user = open.ids().newUser();
        String token = user.token(TestHold.HOLD_DID, NSID);
        String zeros = "A".repeat(86);
        XrpcResponse response = open.requestCrew(token.substring(0, token.lastIndexOf('.') + 1) + zeros);
        response.assertXrpcError(401, "BadJwtSignature");
        assertEquals(0, open.ids().fetches(user));
    }

    @Test
    void aFailedResolutionIsRememberedForAMinute() {
        User user = open.ids().newUser();
        user.serve(User.Document.UNKNOWN);
        for (int i = 0; i < 3; i++) {
            open.requestCrew(user.token(TestHold.HOLD_DID, NSID)).assertXrpcError(401, "BadJwtIssuer");
        }
        assertEquals(1, open.ids().fetches(user));
        user.serve(User.Document.SERVED);
        open.clock().advance(Duration.ofSeconds(61));
        assertEquals(200, open.requestCrew(user.token(TestHold.HOLD_DID, NSID)).status());
        assertEquals(2, open.ids().fetches(user));
    }

    @Test
    void badSignaturesRefetchTheDocumentAtMostOnceAMinute() {
        User user = open.ids().newUser();
        for (int i = 0; i < 5; i++) {
            open.requestCrew(user.tokenByOtherKey(TestHold.HOLD_DID, NSID)).assertXrpcError(401, "BadJwtSignature");
        }
        assertEquals(2, open.ids().fetches(user), "the first fetch and one re-fetch for a rotated key");
        open.clock().advance(Duration.ofSeconds(61));
        open.requestCrew(user.tokenByOtherKey(TestHold.HOLD_DID, NSID)).assertXrpcError(401, "BadJwtSignature");
        assertEquals(3, open.ids().fetches(user));
    }

    @Test
    void loopbackDidWebHostsAreNotFetchedUnlessAllowed() {
        try (var ids = io.atcr.hold.testing.TestIdentities.start();
             TestHold strict = TestHold.builder().identities(ids).env("HOLD_ALLOW_ALL_CREW", "true")
                     .env("HOLD_DID_WEB_ALLOW_PRIVATE", "false").start()) {
            User user = ids.newWebUser();
            strict.post("/xrpc/" + NSID, java.util.Map.of(), "Authorization", user.bearer(NSID))
                    .assertXrpcError(401, "BadJwtIssuer");
            assertEquals(0, ids.fetches(user));
            assertFalse(strict.hold().crew().find(user.did()).isPresent());
        }
    }

    private void awaitFetches(User user, int n) {
        Eventually.await(n + " fetch(es) of " + user.did(), () -> open.ids().fetches(user) >= n);
        assertEquals(n, open.ids().fetches(user));
    }
}
