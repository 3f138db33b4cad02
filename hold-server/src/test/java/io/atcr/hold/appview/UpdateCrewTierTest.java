package io.atcr.hold.appview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Lexicons;
import io.atcr.hold.testing.Quotas;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestIdentities;
import io.atcr.hold.testing.XrpcResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AppView mode: only the AppView named by HOLD_APPVIEW_DID, with a token for this hold and this method, sets a crew
 * member's tier by rank (listTiers order: swabbie, deckhand, bosun), as the AppView's tier source.
 */
class UpdateCrewTierTest {
    static final String NSID = "io.atcr.hold.updateCrewTier";

    private static TestIdentities ids;
    private static TestIdentities.User appView;
    private static TestHold hold;

    @BeforeAll
    static void start() {
        ids = TestIdentities.start();
        appView = ids.newWebUser(); // a did:web like did:web:atcr.io, served on loopback
        hold = TestHold.builder().identities(ids).quotas(Quotas.EXAMPLE).env("HOLD_APPVIEW_DID", appView.did()).start();
    }

    @AfterAll
    static void stop() {
        hold.close();
        ids.close();
    }

    private static String member() {
        String did = ids.newUser().did();
        hold.addCrew(did);
        return did;
    }

    static XrpcResponse update(String token, String did, Object rank) {
        return hold.post("/xrpc/" + NSID, Map.of("userDid", did, "tierRank", rank), "Authorization", "Bearer " + token);
    }

    private static String crewLine(String did) {
        return hold.cli("crew", "list").out().lines().filter(l -> l.startsWith(did)).findFirst().orElseThrow();
    }

    private static String tier(String did) {
        return hold.get("/xrpc/io.atcr.hold.getQuota?userDid=" + did).json().path("tier").asText();
    }

    @Test
    void theRankIndexesListTiersAndPastTheEndMeansTheHighest() {
        String did = member();
        for (Object[] rankAndTier : new Object[][] {{0, "swabbie"}, {1, "deckhand"}, {2, "bosun"}, {7, "bosun"}, {1, "deckhand"}}) {
            XrpcResponse answer = update(appView.token(TestHold.HOLD_DID, NSID), did, rankAndTier[0]);
            assertEquals(200, answer.status(), answer.body());
            Lexicons.assertOutputMatches(NSID, answer.json());
            assertEquals(rankAndTier[1], answer.json().path("tierName").asText(), "rank " + rankAndTier[0]);
            assertEquals(rankAndTier[1], tier(did));
        }
        String line = crewLine(did);
        assertTrue(line.contains("appview=deckhand"), "crew list shows the AppView's source: " + line);
    }

    @Test
    void theCallIsIdempotent() {
        String did = member();
        String token = appView.token(TestHold.HOLD_DID, NSID);
        assertEquals("bosun", update(token, did, 2).json().path("tierName").asText());
        assertEquals("bosun", update(token, did, 2).json().path("tierName").asText());
        assertEquals("bosun", tier(did));
    }

    @Test
    void anyoneButTheAppViewWithATokenForThisHoldAndMethodIsRefusedAndNothingChanges() {
        String did = member();
        TestIdentities.User user = ids.newUser();
        hold.addCrew(user.did());
        TestIdentities.User otherService = ids.newWebUser();
        String[][] refused = {
                {user.token(TestHold.HOLD_DID, NSID), "403", "Forbidden"},                      // a user's own token
                {otherService.token(TestHold.HOLD_DID, NSID), "403", "Forbidden"},              // another service
                {appView.token(TestHold.HOLD_DID, "io.atcr.hold.getQuota"), "401", "BadJwtLexiconMethod"},
                {appView.token(TestHold.HOLD_DID, null), "401", "AuthRequired"},                 // lxm is required
                {appView.token("did:web:other-hold.example", NSID), "401", "BadJwtAudience"},
                {appView.tokenByOtherKey(TestHold.HOLD_DID, NSID), "401", "BadJwtSignature"},
        };
        for (String[] attempt : refused) {
            XrpcResponse answer = update(attempt[0], did, 2);
            answer.assertXrpcError(Integer.parseInt(attempt[1]), attempt[2]);
            Lexicons.assertDeclaredError(NSID, answer.json());
        }
        hold.post("/xrpc/" + NSID, Map.of("userDid", did, "tierRank", 2)).assertXrpcError(401, "AuthRequired");
        assertEquals("swabbie", tier(did), "no refused call changed the tier");
    }

    @Test
    void aDidThatIsNotCrewIsUserNotFound() {
        XrpcResponse answer = update(appView.token(TestHold.HOLD_DID, NSID), ids.newUser().did(), 1);
        answer.assertXrpcError(404, "UserNotFound");
        Lexicons.assertDeclaredError(NSID, answer.json());
    }

    @Test
    void malformedInputIsRefusedByName() {
        String token = appView.token(TestHold.HOLD_DID, NSID);
        update(token, "alice", 1).assertXrpcError(400, "InvalidUserDid");
        update(token, member(), -1).assertXrpcError(400, "InvalidRequest");
        update(token, member(), "2").assertXrpcError(400, "InvalidRequest");
        update(token, member(), 1.5).assertXrpcError(400, "InvalidRequest");
    }

    @Test
    void withoutAnAppViewTheMethodIsNotConfigured() {
        try (TestHold plain = TestHold.builder().identities(ids).quotas(Quotas.EXAMPLE).start()) {
            XrpcResponse answer = plain.post("/xrpc/" + NSID, Map.of("userDid", appView.did(), "tierRank", 1),
                    "Authorization", "Bearer " + appView.token(TestHold.HOLD_DID, NSID));
            answer.assertXrpcError(501, "AppViewNotConfigured");
            Lexicons.assertDeclaredError(NSID, answer.json());
        }
    }

    @Test
    void withQuotasOffThereIsNoTierToSet() {
        try (TestHold noQuotas = TestHold.builder().identities(ids).env("HOLD_APPVIEW_DID", appView.did()).start()) {
            String did = ids.newUser().did();
            noQuotas.addCrew(did);
            noQuotas.post("/xrpc/" + NSID, Map.of("userDid", did, "tierRank", 1),
                    "Authorization", "Bearer " + appView.token(TestHold.HOLD_DID, NSID)).assertXrpcError(409, "NoTiers");
        }
    }

    @Test
    void concurrentAppViewAndOperatorChangesKeepBothSources() throws Exception {
        String did = member();
        String token = appView.token(TestHold.HOLD_DID, NSID);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int rank = i % 2; // swabbie or deckhand
                calls.add(pool.submit(() -> assertEquals(200, update(token, did, rank).status())));
                if (i % 6 == 0) {
                    calls.add(pool.submit(() -> hold.addCrew(did, "--tier", "bosun")));
                }
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdown();
        }
        String line = crewLine(did);
        assertTrue(line.contains("operator=bosun") && line.matches(".*appview=(swabbie|deckhand).*"), line);
        assertEquals("bosun", tier(did), "the operator's bosun is the highest source");
    }
}
