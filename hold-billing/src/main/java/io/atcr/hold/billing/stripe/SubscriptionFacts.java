package io.atcr.hold.billing.stripe;

import java.util.List;
import java.util.Set;

/**
 * What the hold needs of one Stripe subscription: its status, the Price IDs of its items, and its period.
 * {@code currentPeriodEnd} is epoch seconds, null when Stripe did not say.
 */
record SubscriptionFacts(String id, String status, List<String> priceIds, Long currentPeriodEnd,
                                boolean cancelAtPeriodEnd) {
    /** Statuses in which the subscription's tier is in force (past_due: Stripe is still retrying the payment). */
    static final Set<String> PAYING = Set.of("active", "trialing", "past_due");
    /**
     * Statuses of a subscription that still stands, so a new checkout would be a second one. Not {@code incomplete}:
     * its first payment never went through, and Stripe expires it within a day.
     */
    static final Set<String> STANDING = Set.of("active", "trialing", "past_due", "paused", "unpaid");

    public SubscriptionFacts {
        priceIds = List.copyOf(priceIds);
    }

    public boolean paying() {
        return PAYING.contains(status);
    }

    public boolean live() {
        return STANDING.contains(status);
    }
}
