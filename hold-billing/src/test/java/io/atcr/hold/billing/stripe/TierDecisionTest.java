package io.atcr.hold.billing.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.atcr.hold.tier.Interval;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.tier.TierPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tier is the highest among subscriptions in a paying status; with none, the free tier. */
class TierDecisionTest {
    private static final TierPolicy TIERS = TierPolicy.of(List.of(
            new Tier("swabbie", 2, "", Map.of()),
            new Tier("deckhand", 5, "", Map.of(Interval.YEARLY, "price_d_y")),
            new Tier("bosun", 10, "", Map.of(Interval.MONTHLY, "price_b_m"))), "swabbie", "deckhand");

    private static SubscriptionFacts sub(String status, String... prices) {
        return new SubscriptionFacts("sub_" + status, status, List.of(prices), null, false);
    }

    @Test
    void theHighestPayingTierWinsWhateverTheOrder() {
        TierDecision decision = TierDecision.of(TIERS, List.of(sub("past_due", "price_b_m"), sub("active", "price_d_y")));
        assertEquals("bosun", decision.storedTier().orElseThrow());
        assertEquals("bosun", TierDecision.of(TIERS, List.of(sub("active", "price_d_y"), sub("trialing", "price_b_m")))
                .storedTier().orElseThrow());
    }

    @Test
    void subscriptionsThatDoNotPayGiveNoTier() {
        for (String status : List.of("canceled", "paused", "unpaid", "incomplete", "incomplete_expired")) {
            assertInstanceOf(TierDecision.Free.class, TierDecision.of(TIERS, List.of(sub(status, "price_b_m"))), status);
        }
        assertEquals("deckhand", TierDecision.of(TIERS, List.of(sub("canceled", "price_b_m"), sub("active", "price_d_y")))
                .storedTier().orElseThrow());
    }

    @Test
    void noSubscriptionIsTheFreeTier() {
        assertInstanceOf(TierDecision.Free.class, TierDecision.of(TIERS, List.of()));
    }

    @Test
    void onlyUnknownPricesIsNoDecisionButAKnownOneStillCounts() {
        TierDecision unknown = TierDecision.of(TIERS, List.of(sub("active", "price_elsewhere")));
        assertEquals(List.of("price_elsewhere"), ((TierDecision.UnknownPrices) unknown).priceIds());
        assertEquals("deckhand", TierDecision.of(TIERS, List.of(sub("active", "price_elsewhere", "price_d_y")))
                .storedTier().orElseThrow());
    }
}
