package io.atcr.hold.tier;

import java.util.Map;
import java.util.Optional;

/**
 * A storage tier from quotas.yaml. {@code prices} maps an interval to a Stripe Price ID; a tier with no price is free.
 */
public record Tier(String name, long quotaBytes, String description, Map<Interval, String> prices) {
    public Tier {
        prices = Map.copyOf(prices);
    }

    public boolean free() {
        return prices.isEmpty();
    }

    public Optional<String> priceId(Interval interval) {
        return Optional.ofNullable(prices.get(interval));
    }

    public String quotaFormatted() {
        return ByteSize.format(quotaBytes);
    }
}
