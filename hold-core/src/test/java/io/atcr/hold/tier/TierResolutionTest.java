package io.atcr.hold.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TierResolutionTest {
    private static final TierPolicy POLICY = TierPolicy.of(List.of(
            new Tier("bosun", 10, "", Map.of(Interval.MONTHLY, "price_b")),
            new Tier("swabbie", 2, "", Map.of()),
            new Tier("deckhand", 5, "", Map.of(Interval.YEARLY, "price_d"))), "swabbie", "deckhand");

    private static String effective(String stored, boolean plankowner) {
        return POLICY.effectiveTier(stored, plankowner).orElseThrow().name();
    }

    @Test
    void tiersAreOrderedByQuota() {
        assertEquals(List.of("swabbie", "deckhand", "bosun"), POLICY.tiers().stream().map(Tier::name).toList());
    }

    @Test
    void newCrewWithoutAStoredTierGetTheNewCrewTier() {
        assertEquals("swabbie", effective(null, false));
    }

    @Test
    void aStoredConfiguredTierWins() {
        assertEquals("bosun", effective("bosun", false));
        assertEquals("deckhand", effective("deckhand", false));
    }

    @Test
    void aStoredTierThatIsNoLongerConfiguredFallsBackToTheDefault() {
        assertEquals("swabbie", effective("admiral", false));
        assertEquals("deckhand", effective("admiral", true));
    }

    @Test
    void plankownersGetThePlankownerTierWithoutAStoredTier() {
        assertEquals("deckhand", effective(null, true));
    }

    @Test
    void plankownersNeverFallBelowTheirFloor() {
        assertEquals("deckhand", effective("swabbie", true));
    }

    @Test
    void plankownersMayRiseAboveTheirFloor() {
        assertEquals("bosun", effective("bosun", true));
    }

    @Test
    void withQuotasOffNobodyHasATier() {
        assertTrue(TierPolicy.off().effectiveTier("bosun", true).isEmpty());
    }

    @Test
    void aPriceIdNamesItsTierAndInterval() {
        assertEquals("deckhand", POLICY.byPriceId("price_d").orElseThrow().getKey().name());
        assertEquals(Interval.YEARLY, POLICY.byPriceId("price_d").orElseThrow().getValue());
        assertTrue(POLICY.byPriceId("price_unknown").isEmpty());
    }
}
