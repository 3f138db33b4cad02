package io.atcr.hold.billing.stripe;

import com.github.benmanes.caffeine.cache.Cache;
import com.stripe.model.Price;
import java.time.Clock;
import java.util.Optional;

/** Stripe Prices by ID, cached for the module's TTL (a price Stripe does not know, too). Thread-safe. */
final class Prices {
    /** A cached answer; {@code facts} is null when Stripe has no such price. */
    private record Lookup(PriceFacts facts) {
    }

    private final StripeApi stripe;
    private final Cache<String, Lookup> cache;

    public Prices(StripeApi stripe, Clock clock) {
        this.stripe = stripe;
        this.cache = Caches.create(clock);
    }

    /**
     * The price, from the cache or Stripe; empty when Stripe has no such price. A failure is not cached.
     *
     * @throws io.atcr.hold.failure.Failure 502 when Stripe failed
     */
    public Optional<PriceFacts> find(String priceId) {
        Lookup lookup = cache.getIfPresent(priceId);
        if (lookup == null) {
            lookup = new Lookup(stripe.callOrMissing("reading price " + priceId,
                    client -> client.v1().prices().retrieve(priceId)).map(Prices::facts).orElse(null));
            cache.put(priceId, lookup);
        }
        return Optional.ofNullable(lookup.facts());
    }

    private static PriceFacts facts(Price price) {
        String interval = price.getRecurring() == null ? null : price.getRecurring().getInterval();
        long count = price.getRecurring() == null || price.getRecurring().getIntervalCount() == null ? 1
                : price.getRecurring().getIntervalCount();
        return new PriceFacts(price.getId(), price.getUnitAmount(), price.getCurrency(), interval, count,
                !Boolean.FALSE.equals(price.getActive()));
    }
}
