package io.atcr.hold.billing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The answer of {@code getSubscriptionInfo}. {@code user} is present only for an authenticated caller. */
public record SubscriptionInfo(boolean billingEnabled, String currency, List<TierOffer> tiers, User user) {

    /** A tier as offered: free tiers have no prices. */
    public record TierOffer(String name, String description, long quotaBytes, String quotaFormatted, boolean free,
                            List<Price> prices) {
    }

    /** A price of a tier; amount and currency come from Stripe's Price object and may be absent if Stripe failed. */
    public record Price(String interval, String priceId, Long unitAmount, String currency) {
    }

    /** The caller's own billing view; {@code subscription} is JSON null when they have none. */
    public record User(String did, boolean crewMember, String tier, boolean plankowner, Long quotaBytes,
                       long usedBytes, @JsonInclude(JsonInclude.Include.ALWAYS) Subscription subscription) {
    }

    public record Subscription(String id, String status, String tier, String interval, String currentPeriodEnd,
                               boolean cancelAtPeriodEnd) {
    }
}
