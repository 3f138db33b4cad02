package io.atcr.hold.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atcr.hold.testing.Quotas;
import io.atcr.hold.testing.TestHold;
import io.atcr.hold.testing.TestHold.CommandResult;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code crew add|list|remove} work against the same database while the server runs, and the server sees them. */
class CrewCommandTest {
    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";
    private static final String CAPTAIN = "did:plc:captaincaptaincaptaincap";
    @AutoClose
    private final TestHold hold = TestHold.builder().quotas(Quotas.EXAMPLE).owner(CAPTAIN).start();

    private String quotaTier(String did) {
        return hold.get("/xrpc/io.atcr.hold.getQuota?userDid=" + did).json().path("tier").asText(null);
    }

    @Test
    void addedCrewGetTheDefaultRoleAndPermissions() {
        CommandResult added = hold.cli("crew", "add", ALICE);
        assertEquals(0, added.code(), added.err());
        assertEquals("added " + ALICE + "\twrite\tswabbie\t-\t-\n", added.out());
        var member = hold.hold().crew().find(ALICE).orElseThrow();
        assertEquals(java.util.List.of("blob:read", "blob:write"), member.permissions());
    }

    @Test
    void addWithATierChangesWhatTheRunningServerReports() {
        assertEquals("swabbie", quotaTier(ALICE));
        assertEquals(0, hold.cli("crew", "add", ALICE, "--tier", "bosun").code());
        assertEquals("bosun", quotaTier(ALICE));
    }

    @Test
    void addAgainUpdatesOnlyTheGivenFields() {
        hold.cli("crew", "add", ALICE, "--role", "admin", "--permissions", "blob:read");
        CommandResult updated = hold.cli("crew", "add", ALICE, "--plankowner");
        assertEquals("updated " + ALICE + "\tadmin\tdeckhand\tplankowner\t-\n", updated.out());
        assertEquals(java.util.List.of("blob:read"), hold.hold().crew().find(ALICE).orElseThrow().permissions());
    }

    @Test
    void listShowsEffectiveTiersAndTheCaptainUnlimited() {
        hold.cli("crew", "add", ALICE, "--plankowner");
        hold.cli("crew", "add", CAPTAIN);
        String out = hold.cli("crew", "list").out();
        assertTrue(out.contains(ALICE + "\twrite\tdeckhand\tplankowner"), out);
        assertTrue(out.contains(CAPTAIN + "\twrite\tunlimited (captain)\t-"), out);
    }

    @Test
    void removeDeletesTheRecord() {
        hold.cli("crew", "add", ALICE);
        assertEquals(0, hold.cli("crew", "remove", ALICE).code());
        assertTrue(hold.hold().crew().find(ALICE).isEmpty());
        CommandResult again = hold.cli("crew", "remove", ALICE);
        assertEquals(1, again.code());
        assertTrue(again.out().contains("not crew"));
    }

    @Test
    void anUnknownTierIsRefusedAndNothingIsWritten() {
        CommandResult result = hold.cli("crew", "add", ALICE, "--tier", "admiral");
        assertEquals(64, result.code());
        assertTrue(result.err().contains("unknown tier 'admiral'"), result.err());
        assertTrue(hold.hold().crew().find(ALICE).isEmpty());
    }

    @Test
    void anUnknownPermissionOrABadDidIsRefused() {
        assertTrue(hold.cli("crew", "add", ALICE, "--permissions", "blob:delete").err().contains("unknown permission"));
        assertTrue(hold.cli("crew", "add", "alice").err().contains("is not a DID"));
        assertTrue(hold.hold().crew().all().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"did:plc:abc", "did:plc:UPPERCASEUPPERCASEUPPERCA", "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
            "did:web:a..b", "did:web:127.1", "did:plc:aliceaaaaaaaaaaaaaaaaaaaa1"})
    void onlyDidsTheHoldCanResolveMayJoin(String did) {
        TestHold.CommandResult result = hold.cli("crew", "add", did);
        assertEquals(64, result.code(), result.err());
        assertTrue(result.err().contains("is not a DID this hold can resolve"), result.err());
        assertTrue(hold.hold().crew().all().isEmpty());
    }

    @Test
    void listShowsTheTierEachSourceSet() {
        hold.cli("crew", "add", ALICE, "--tier", "deckhand");
        hold.hold().ledger().setTier(ALICE, "bosun");
        String line = hold.cli("crew", "list").out().lines().filter(l -> l.startsWith(ALICE)).findFirst().orElseThrow();
        assertEquals(ALICE + "\twrite\tbosun\t-\toperator=deckhand stripe=bosun", line);
        hold.hold().ledger().setTier(ALICE, null); // the subscription ends: the operator's grant stays
        assertEquals("deckhand", quotaTier(ALICE));
    }

    @Test
    void anUnknownRoleIsRefused() {
        TestHold.CommandResult result = hold.cli("crew", "add", ALICE, "--role", "superuser");
        assertEquals(64, result.code(), result.err());
        assertTrue(result.err().contains("unknown role 'superuser'"), result.err());
        assertTrue(hold.hold().crew().all().isEmpty());
    }
}
