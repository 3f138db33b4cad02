package io.atcr.hold.billing.stripe;

import io.atcr.hold.tier.Interval;
import io.atcr.hold.tier.Tier;
import io.atcr.hold.tier.TierPolicy;
import io.atcr.hold.failure.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code config check}: every Price ID in quotas.yaml exists in Stripe, is recurring, is active, bills in the
 * configured currency, and its interval matches the key it sits under.
 */
final class PriceCheck {
    private PriceCheck() {
    }

    public static List<String> problems(TierPolicy tiers, String currency, Prices prices) {
        List<String> problems = new ArrayList<>();
        for (Tier tier : tiers.tiers()) {
            for (Map.Entry<Interval, String> entry : tier.prices().entrySet()) {
                String key = "tiers." + tier.name() + ".stripe_price_" + entry.getKey().wireName();
                check(key, entry.getKey(), entry.getValue(), currency, prices).ifPresent(problems::add);
            }
        }
        return problems;
    }

    private static Optional<String> check(String key, Interval interval, String priceId, String currency, Prices prices) {
        Optional<PriceFacts> found;
        try {
            found = prices.find(priceId);
        } catch (Failure e) {
            return Optional.of(key + ": could not check Price " + priceId + ": " + e.getMessage());
        }
        if (found.isEmpty()) {
            return Optional.of(key + ": Price " + priceId + " does not exist in this Stripe account (test and live "
                    + "mode have separate prices); copy the Price ID from the product's page in the dashboard");
        }
        PriceFacts price = found.get();
        if (!price.recurring()) {
            return Optional.of(key + ": Price " + priceId + " is a one-time price; subscriptions need a recurring price");
        }
        if (!price.interval().equals(interval.stripeName())) {
            return Optional.of(key + ": Price " + priceId + " bills every " + price.interval() + ", but it sits under "
                    + "the " + interval.wireName() + " key; move it or use a price billed every " + interval.stripeName());
        }
        if (price.intervalCount() != 1) {
            return Optional.of(key + ": Price " + priceId + " bills every " + price.intervalCount() + " "
                    + price.interval() + "s; the hold sells monthly and yearly prices only, billed every 1 "
                    + price.interval());
        }
        if (!price.active()) {
            return Optional.of(key + ": Price " + priceId + " is archived in Stripe; Checkout cannot sell it");
        }
        if (price.currency() != null && !price.currency().equals(currency)) {
            return Optional.of(key + ": Price " + priceId + " is in " + price.currency() + " but billing.currency is "
                    + currency);
        }
        return Optional.empty();
    }
}
