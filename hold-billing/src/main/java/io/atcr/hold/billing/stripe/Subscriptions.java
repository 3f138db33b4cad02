package io.atcr.hold.billing.stripe;

import com.github.benmanes.caffeine.cache.Cache;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.param.SubscriptionListParams;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A customer's subscriptions as Stripe has them now. {@link #fresh} always asks Stripe (webhooks, checkout, sync);
 * {@link #cached} serves {@code getSubscriptionInfo} from memory for the module's TTL. Thread-safe.
 */
final class Subscriptions {
    private final StripeApi stripe;
    private final Cache<String, List<SubscriptionFacts>> byCustomer;

    public Subscriptions(StripeApi stripe, Clock clock) {
        this.stripe = stripe;
        this.byCustomer = Caches.create(clock);
    }

    /**
     * Every subscription of the customer, whatever its status, read page by page to the end (one request per 100);
     * the cache is refreshed with it.
     */
    public List<SubscriptionFacts> fresh(String customerId) {
        List<SubscriptionFacts> facts = stripe.listAll("listing the subscriptions of customer " + customerId,
                (client, after) -> client.v1().subscriptions().list(SubscriptionListParams.builder().setCustomer(customerId)
                        .setStatus(SubscriptionListParams.Status.ALL).setLimit(100L).setStartingAfter(after).build()))
                .stream().map(Subscriptions::facts).toList();
        byCustomer.put(customerId, facts);
        return facts;
    }

    public List<SubscriptionFacts> cached(String customerId) {
        List<SubscriptionFacts> cached = byCustomer.getIfPresent(customerId);
        return cached != null ? cached : fresh(customerId);
    }

    public void forget(String customerId) {
        byCustomer.invalidate(customerId);
    }

    private static SubscriptionFacts facts(Subscription subscription) {
        List<String> priceIds = new ArrayList<>();
        Long periodEnd = null;
        if (subscription.getItems() != null && subscription.getItems().getData() != null) {
            for (SubscriptionItem item : subscription.getItems().getData()) {
                if (item.getPrice() != null) {
                    priceIds.add(item.getPrice().getId());
                }
                if (item.getCurrentPeriodEnd() != null) {
                    periodEnd = periodEnd == null ? item.getCurrentPeriodEnd() : Math.max(periodEnd, item.getCurrentPeriodEnd());
                }
            }
        }
        return new SubscriptionFacts(subscription.getId(), subscription.getStatus(), priceIds, periodEnd,
                Boolean.TRUE.equals(subscription.getCancelAtPeriodEnd()));
    }
}
