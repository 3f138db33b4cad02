package io.atcr.hold.billing.stripe.subscription;

import java.util.List;
import java.util.Set;

/**
 * What the hold needs of one Stripe subscription: its status, the Price IDs of its items, and its period.
 * {@code currentPeriodEnd} is epoch seconds, null when Stripe did not say.
 */
public record SubscriptionFacts(String id, String status, List<String> priceIds, Long currentPeriodEnd,
                                boolean cancelAtPeriodEnd) {
    /** Statuses in which the subscription's tier is in force (past_due: Stripe is still retrying the payment). */
    static final Set<String> PAYING = Set.of("active", "trialing", "past_due");
    /** Statuses that are over; any other subscription still exists, so a new checkout would be a second one. */
    static final Set<String> ENDED = Set.of("canceled", "incomplete_expired");

    public SubscriptionFacts {
        priceIds = List.copyOf(priceIds);
    }

    public boolean paying() {
        return PAYING.contains(status);
    }

    public boolean live() {
        return !ENDED.contains(status);
    }
}
