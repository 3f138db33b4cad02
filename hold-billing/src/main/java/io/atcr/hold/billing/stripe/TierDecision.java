package io.atcr.hold.billing.stripe;

import io.atcr.hold.tier.Interval;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.tier.TierPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tier a customer's subscriptions give: the highest tier among those in a paying status; with none, the free
 * tier; and when the paying ones name only prices no tier knows, no decision at all (the hold changes nothing).
 */
sealed interface TierDecision {

    /** A paying subscription names this tier. */
    record Subscribed(Tier tier, Interval interval, SubscriptionFacts subscription) implements TierDecision {
    }

    /** No paying subscription: the member's free tier (stored as no tier). */
    record Free() implements TierDecision {
    }

    /** Paying subscriptions exist, but none of their prices belongs to a tier. */
    record UnknownPrices(List<String> priceIds) implements TierDecision {
    }

    /** The tier to store for the member: the subscribed tier's name, or null for "their free tier". */
    default Optional<String> storedTier() {
        return this instanceof Subscribed subscribed ? Optional.of(subscribed.tier().name()) : Optional.empty();
    }

    static TierDecision of(TierPolicy tiers, List<SubscriptionFacts> subscriptions) {
        Subscribed best = null;
        List<String> unknown = new ArrayList<>();
        for (SubscriptionFacts subscription : subscriptions) {
            if (!subscription.paying()) {
                continue;
            }
            for (String priceId : subscription.priceIds()) {
                Optional<Map.Entry<Tier, Interval>> named = tiers.byPriceId(priceId);
                if (named.isEmpty()) {
                    unknown.add(priceId);
                } else if (best == null || tiers.higher(best.tier(), named.get().getKey()) != best.tier()) {
                    best = new Subscribed(named.get().getKey(), named.get().getValue(), subscription);
                }
            }
        }
        if (best != null) {
            return best;
        }
        return unknown.isEmpty() ? new Free() : new UnknownPrices(List.copyOf(unknown));
    }
}
