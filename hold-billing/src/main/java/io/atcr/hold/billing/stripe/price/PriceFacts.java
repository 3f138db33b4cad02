package io.atcr.hold.billing.stripe.price;

/**
 * What the hold needs of a Stripe Price. {@code interval} is Stripe's {@code month} or {@code year}, null for a
 * one-time price; {@code unitAmount} is in the currency's smallest unit.
 */
public record PriceFacts(String id, Long unitAmount, String currency, String interval, boolean active) {
    public boolean recurring() {
        return interval != null;
    }
}
