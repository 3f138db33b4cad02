package io.atcr.hold.billing.stripe.price;

import com.github.benmanes.caffeine.cache.Cache;
import com.stripe.model.Price;
import io.atcr.hold.billing.stripe.Caches;
import io.atcr.hold.billing.stripe.StripeApi;
import java.time.Clock;
import java.util.Optional;

/** Stripe Prices by ID, cached for the module's TTL. Thread-safe. */
public final class Prices {
    private final StripeApi stripe;
    private final Cache<String, PriceFacts> cache;

    public Prices(StripeApi stripe, Clock clock) {
        this.stripe = stripe;
        this.cache = Caches.create(clock);
    }

    /**
     * The price, from the cache or Stripe; empty when Stripe has no such price (not cached, so a price the operator
     * creates later is found).
     *
     * @throws io.atcr.hold.xrpc.XrpcException 502 when Stripe failed
     */
    public Optional<PriceFacts> find(String priceId) {
        PriceFacts cached = cache.getIfPresent(priceId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<PriceFacts> fetched = stripe.callOrMissing("reading price " + priceId,
                client -> client.v1().prices().retrieve(priceId)).map(Prices::facts);
        fetched.ifPresent(facts -> cache.put(priceId, facts));
        return fetched;
    }

    private static PriceFacts facts(Price price) {
        String interval = price.getRecurring() == null ? null : price.getRecurring().getInterval();
        return new PriceFacts(price.getId(), price.getUnitAmount(), price.getCurrency(), interval,
                !Boolean.FALSE.equals(price.getActive()));
    }
}
